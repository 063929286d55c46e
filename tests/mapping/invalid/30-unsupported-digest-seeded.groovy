mapping {
  map digest('md5', 'seed').result().toHexLower() onto 'loc'
  map digest('SHA', 'x').result().toHexLower() onto 'loc'
  map digest('sha3-256', 'k').result().toHexLower() onto 'loc'
  map digest('SHA-512/256', 's').result().toHexLower() onto 'loc'
}
