// parse … to uri and every URI accessor (mapping.md §7.5).
mapping {
  def u = parse location() to uri
  map u.scheme() onto 'scheme'
  map u.host() onto 'host'
  map u.port() onto 'port'
  map u.path() onto 'path'
  map u.rawPath() onto 'rawPath'
  map u.decodedQueryString() onto 'decodedQuery'
  map u.rawQueryString() onto 'rawQuery'
  map u.decodedFragment() onto 'decodedFragment'
  map u.rawFragment() onto 'rawFragment'
  map u.query() onto 'query'
  map u.isPresent() onto 'parsed'
  def route = parse u.rawFragment() to uri
  map route.path() onto 'routePath'
  map route.query().value('q') onto 'routeQ'
}
