// match … against …: matches(), group(n), group('name') (mapping.md §7.7).
mapping {
  def path = (parse location() to uri).path()
  def m = match '^/products/([0-9]+)(?:/(reviews))?$' against path
  map m.matches() onto 'matches'
  map m.group(0) onto 'g0'
  map m.group(1) onto 'g1'
  map m.group(2) onto 'g2'
  def named = match /^\/(?<section>[a-z]+)\/(?<id>\d+)(\/.*)?$/ against path
  map named.group('section') onto 'section'
  map named.group('id') onto 'id'
  map named.group(1) onto 'sectionByNumber'
  map named.group(3) onto 'rest'
  map named.matches() onto 'namedMatches'
  map { (match 'products' against path).matches() } onto 'wholeInputOnly'
}
