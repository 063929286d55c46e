mapping {
  map lcation() onto 'loc'
  map frobnicate() onto 'loc'
}
