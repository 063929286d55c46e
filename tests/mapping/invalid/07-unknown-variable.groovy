mapping {
  def u = parse location() to uri
  map x.path() onto 'loc'
}
