// What digester.add(x) contributes (mapping.md §7.10): strings, JSON scalars, bytes, literals, absence.
mapping {
  def p = eventParameters()
  map digest('sha-256').add(p.path('$.s')).result().toHexLower() onto 'jsonString'
  map digest('sha-256').add(p.path('$.f')).result().toHexLower() onto 'jsonFloat'
  map digest('sha-256').add(p.path('$.big')).result().toHexLower() onto 'jsonBigFloat'
  map digest('sha-256').add(p.path('$.i')).result().toHexLower() onto 'jsonInteger'
  map digest('sha-256').add(p.path('$.t')).result().toHexLower() onto 'jsonBoolean'
  map digest('sha-256').add(p.path('$.n')).result().toHexLower() onto 'jsonNull'
  map digest('sha-256').add(p.path('$.o')).result().toHexLower() onto 'jsonObject'
  map digest('sha-256').add(p.path('$.a')).result().toHexLower() onto 'jsonArray'
  map digest('sha-256').add(p.path('$.missing')).result().toHexLower() onto 'jsonAbsent'
  map digest('sha-256').add(p.value('i')).result().toHexLower() onto 'valueString'
  def inner = digest('md5').add('abc')
  map digest('sha-256').add(inner.result()).result().toHexLower() onto 'bytesPiece'
  def who = 'x'
  map digest('sha-256').add("id-$who").add('lit' + 'eral').result().toHexLower() onto 'literals'
  map digest('sha-256').add(eventType()).add(':').add(location()).result().toHexLower() onto 'mixed'
  def late = digest('sha-1')
  map late.result().toHexLower() onto 'late'
  late.add('a')
  late.add(eventType())
  map late.result().toHexLower() onto 'lateAgain'
}
