mapping {
  def u = parse location() to uri
  map u.path onto 'loc'
}
