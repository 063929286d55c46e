mapping {
  map null onto 'loc'
  map(['a', 'b']) onto 'loc'
  map 42G onto 'l'
  map 12345678901234567890 onto 'l'
}
