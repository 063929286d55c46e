// header('Name') and its derived values (mapping.md §7.2).
mapping {
  def al = header('Accept-Language')
  map al onto 'all'
  map al.first() onto 'first'
  map al.last() onto 'last'
  map al.get(0) onto 'get0'
  map al.get(1) onto 'get1'
  map al.get(-1) onto 'getMinus1'
  map al.get(-3) onto 'getMinus3'
  map al.get(3) onto 'get3'
  map al.get(-4) onto 'getMinus4'
  map al.commaSeparated() onto 'comma'
  map header('x-multi') onto 'multi'
  map header('X-MULTI').commaSeparated() onto 'multiComma'
  map header('X-Empty') onto 'emptyList'
  map header('X-Empty').first() onto 'emptyFirst'
  map header('X-Empty').commaSeparated() onto 'emptyComma'
  map header('X-Missing').commaSeparated() onto 'missingComma'
  map header('X-Forwarded-For').get(-2) onto 'clientIp'
}
