mapping {
  def u = parse location() to uri
  map "path: $u.path" onto 'loc'
}
