mapping {
  map location() onto 'u'
  map eventParameters().path('$.a') onto 'arr'
}
