mapping {
  map digest('sha-999').result().toHexLower() onto 'loc'
  map digest('SHAKE-128').add(location()).result().toBase64() onto 'loc'
}
