// Definite JSONPaths (mapping.md §7.3): the value found, or absent when a step does not exist.
mapping {
  def p = eventParameters()
  map p.path('$.name') onto 'name'
  map p.path("\$['with space']") onto 'bracket'
  map p.path('$["dq"]') onto 'doubleQuoted'
  map p.path('$.nums[0]') onto 'first'
  map p.path('$.nums[-1]') onto 'last'
  map p.path('$.a.b.c') onto 'deep'
  map p.path('$.a[\'b\'].c') onto 'mixed'
  map p.path('$.nope') onto 'missing'
  map p.path('$.nums[10]') onto 'outOfRange'
  map p.path('$.name.x') onto 'throughScalar'
  map p.path('$.n') onto 'nullKeepsDefault'
  map p.path('$.n').isPresent() onto 'nullIsPresent'
  map p.path('$.nope').isPresent() onto 'missingIsPresent'
  map p.path('$.nums') onto 'nums'
  map p.path('$.a') onto 'object'
  map p.path('$') onto 'root'
}
