mapping {
  map 'ok' onto 'loc'
  map "a\qb" onto 'loc'
}
