// Producers and literals onto every field type and every trivial union form (mapping.md §8, §9).
mapping {
  def p = eventParameters()
  def u = parse location() to uri
  map 'literal' onto 'string'
  map location() onto 'stringNullFirst'
  map location() onto 'stringNullLast'
  map location() onto 'stringOneBranch'
  map true onto 'boolean'
  map firstInSession() onto 'booleanNullLast'
  map 42 onto 'int'
  map viewportPixelWidth() onto 'intNullFirst'
  map 7 onto 'intOneBranch'
  map 42L onto 'long'
  map { parse p.value('l') to int64 } onto 'longNullLast'
  map 1.5F onto 'float'
  map { parse p.value('f') to fp32 } onto 'floatNullFirst'
  map 2.5D onto 'double'
  map { parse p.value('d') to fp64 } onto 'doubleNullLast'
  map digest('md5').add('abc').result() onto 'bytes'
  map digest('sha-1').add(location()).result() onto 'bytesNullFirst'
  map header('X-List') onto 'array'
  map u.query().valueList('v') onto 'arrayNullLast'
  map u.query() onto 'map'
  map u.query() onto 'mapNullFirst'
  map 'literal onto a union' onto 'literalNullFirst'
  map 3L onto 'literalLongNullLast'
}
