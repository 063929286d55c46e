// Conditions as values (mapping.md §6): isPresent, isAbsent, equalTo, and, or, not.
mapping {
  map location().isPresent() onto 'locPresent'
  map location().isAbsent() onto 'locAbsent'
  map location().equalTo(referer()) onto 'locEqualsRef'
  map location().equalTo('http://x/') onto 'locEqualsLiteral'
  map { location() equalTo 'http://x/' } onto 'commandEqualTo'
  map viewportPixelWidth().equalTo(5) onto 'widthIs5'
  map viewportPixelWidth().equalTo(5L) onto 'widthIs5L'
  map firstInSession().equalTo(true) onto 'firstIsTrue'
  map location().isPresent().and(referer().isPresent()) onto 'both'
  map location().isPresent().or(referer().isPresent()) onto 'either'
  map not(location().isPresent()) onto 'notCall'
  map { not location().isPresent() } onto 'notCommand'
  def m = match '^a$' against location()
  map m.matches() onto 'matchesA'
  map m.matches().or(firstInSession()) onto 'absentOr'
  map firstInSession().and(m.matches()) onto 'absentAnd'
  map { not m.matches() } onto 'absentNot'
  map m.matches().isPresent() onto 'matchesPresent'
  map m.matches().equalTo(true) onto 'absentEqualsTrue'
  map m.matches().equalTo(firstInSession()) onto 'absentEqualsPresent'
  map location().equalTo(eventType()) onto 'locEqualsType'
}
