mapping {
  map digest('sha-256').add(viewportPixelWidth()).result().toHexLower() onto 'loc'
  map digest('sha-256').add(firstInSession()).result().toHexLower() onto 'loc'
  map digest('sha-256').add(header('X')).result().toHexLower() onto 'loc'
  map digest('sha-256').add(42).result().toHexLower() onto 'loc'
}
