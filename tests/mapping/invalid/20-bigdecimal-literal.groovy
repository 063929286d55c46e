mapping {
  map 42.0 onto 'ratio'
  map 4.2G onto 'ratio'
  def half = 0.5
  map half onto 'ratio'
}
