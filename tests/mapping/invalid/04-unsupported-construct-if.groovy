mapping {
  if (location().isPresent()) {
    map location() onto 'loc'
  }
}
