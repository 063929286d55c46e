mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  map viewportPixelWidth() onto 'country'
  map 42.0 onto 'ratio'
}
