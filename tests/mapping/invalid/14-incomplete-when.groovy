mapping {
  when location().isPresent()
  map 'x' onto 'loc'
}
