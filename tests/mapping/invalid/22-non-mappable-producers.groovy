mapping {
  def u = parse location() to uri
  map u onto 'loc'
  def m = match '^/a$' against location()
  map m onto 'loc'
  map digest('sha-256') onto 'loc'
  map userAgent() onto 'loc'
}
