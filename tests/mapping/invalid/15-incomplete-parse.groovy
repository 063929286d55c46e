mapping {
  map { parse location() } onto 'loc'
}
