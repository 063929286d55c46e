mapping {
  map location()
}
