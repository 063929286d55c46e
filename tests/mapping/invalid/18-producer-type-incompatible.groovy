mapping {
  map firstInSession() onto 'loc'
  map viewportPixelWidth() onto 'l'
  map header('Accept') onto 'loc'
  map((parse location() to uri).query()) onto 'loc'
  map eventType() onto 'b'
  map timestamp() onto 'i'
}
