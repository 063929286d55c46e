mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def q = (parse location() to uri).query()
  ['utm_source', 'utm_medium', 'utm_campaign'].each {
    map q.value(it) onto it                         // three ["null","string"] fields
  }
  def site = 'web'
  map "$site-shop" onto 'channel'                   // string
  map 42L onto 'schemaVersion'                      // long
}
