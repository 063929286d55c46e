// equalTo between producers of every kind (mapping.md §6): by type and value.
mapping {
  def p = eventParameters()
  map p.path('$.a').equalTo(p.path('$.b')) onto 'objectsMemberOrder'
  map p.path('$.i').equalTo(p.path('$.f')) onto 'integerVersusFloat'
  map p.path('$.i').equalTo(p.path('$.j')) onto 'integers'
  map p.path('$.list').equalTo(p.path('$.list2')) onto 'arrays'
  map p.path('$.a').equalTo('x') onto 'jsonVersusLiteral'
  map header('X-A').equalTo(header('X-B')) onto 'headerLists'
  map header('X-A').equalTo(header('X-C')) onto 'headerListsDiffer'
  def q1 = (parse location() to uri).query()
  def q2 = (parse referer() to uri).query()
  map q1.equalTo(q2) onto 'queryMaps'
  map digest('md5').add(location()).result().equalTo(digest('md5').add(referer()).result()) onto 'bytes'
  map viewportPixelWidth().equalTo(screenPixelWidth()) onto 'ints'
  def l = parse p.value('l') to int64
  map l.equalTo(5L) onto 'longs'
  map l.equalTo(5) onto 'longVersusInteger'
}
