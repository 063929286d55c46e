def loc = location()
mapping {
  map 'inside' onto 'loc'
}
map 'outside' onto 'loc'
