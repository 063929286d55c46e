mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def geo = ip2geo()
  map geo.countryCode() onto 'country'
  map geo onto 'location'
  map viewportPixelWidth() onto 'country'
  map 42.0 onto 'ratio'
}
