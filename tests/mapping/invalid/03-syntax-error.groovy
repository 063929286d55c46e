mapping {
  map location() onto 'loc'
  map(location() onto 'loc')
}
