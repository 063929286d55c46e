mapping {
  map location() onto 'optional'
  when location().isPresent() apply {
    map 'sometimes' onto 'conditional'
  }
}
