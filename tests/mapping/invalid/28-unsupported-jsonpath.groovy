mapping {
  map eventParameters().path('$.items.length()') onto 'loc'
  map eventParameters().path('items') onto 'loc'
  map eventParameters().path('$..book[?(@.price in [1, 2])]') onto 'loc'
}
