mapping {
  map { match '^/a$' } onto 'b'
}
