// Interpolated and concatenated strings are ordinary strings everywhere (mapping.md §2.7).
mapping {
  def prefix = 'utm'
  def q = (parse location() to uri).query()
  ['source', 'medium'].each { map q.value("${prefix}_$it") onto "${prefix}_$it" }
  def member = 'items'
  map eventParameters().path("\$.${member}[0]") onto 'firstItem'
  map eventParameters().path('$.' + member + '[1]') onto 'secondItem'
  def digits = '[0-9]+'
  def path = (parse location() to uri).path()
  def m = match "^/p/($digits)\$" against path
  map m.group(1) onto 'productId'
  def cookieName = 'sess'
  map cookie("${cookieName}ion") onto 'session'
  map header('X-' + 'Custom').first() onto 'custom'
  def version = 3
  map digest('sha-256', "seed-v$version").result().toHexLower() onto 'seeded'
  map "v$version" onto 'literal'
}
