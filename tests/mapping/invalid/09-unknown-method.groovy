mapping {
  def d = digest('sha-256')
  map d.hex() onto 'loc'
}
