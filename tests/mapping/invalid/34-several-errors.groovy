mapping {
  map lcation() onto 'loc'
  map location() onto 'nope'
  map 42 onto 'l'
  when location() apply {
    map 'x' onto 'loc'
  }
  def m = match '(' against location()
  map digest('md5', 'seed').result().toHexLower() onto 'loc'
}
