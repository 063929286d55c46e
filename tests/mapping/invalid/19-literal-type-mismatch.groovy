mapping {
  map 42 onto 'l'
  map 'text' onto 'b'
  map true onto 'loc'
  map 1.5D onto 'i'
  map 2.5F onto 'ratio'
  map 7L onto 'i'
  map "v${1 + 1}" onto 'l'
}
