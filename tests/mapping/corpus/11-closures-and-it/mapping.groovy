// Closures and the implicit parameter `it` (mapping.md §4.3).
mapping {
  map { location() } onto 'fromClosure'
  map { def u = parse location() to uri; u.path() } onto 'lastStatement'
  map {
    def u = parse location() to uri
    u.host()
  } onto 'multiLineClosure'
  map { 'literal from a closure' } onto 'literal'
  map "mapping it=$it" onto 'mappingIt'
  ['x', 'y'].each { map "each it=$it" onto "each_$it" }
  ['a'].each { outer ->
    map "outer=$outer it=$it" onto 'namedParameter'
  }
  ['p'].each {
    ['q'].each { inner -> map "inner=$inner it=$it" onto 'nestedNamed' }
    ['r'].each { map "innermost it=$it" onto 'nestedImplicit' }
  }
  ['sha-256'].each { algorithm -> map digest(algorithm, "seed-$it").result() onto 'seedNull' }
  ['sha-256'].each { algorithm -> map digest(algorithm, "seed-$it").result().toHexLower() onto 'seedNullHex' }
  when { location().isPresent() } apply { map { 'closure inside apply' } onto 'inApply' }
  section { map "section it=$it" onto 'sectionIt' }
  when location().isPresent() apply { map "apply it=$it" onto 'applyIt' }
}
