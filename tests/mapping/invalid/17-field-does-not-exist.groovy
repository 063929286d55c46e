mapping {
  map location() onto 'nope'
  map cookie('id') onto 'nope'
  map((parse location() to uri).path()) onto 'nope'
  map header('X') onto 'nope'
  map eventParameters().path('$.a') onto 'nope'
  map location() onto 'Loc'
}
