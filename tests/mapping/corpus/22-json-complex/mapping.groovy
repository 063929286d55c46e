// JSON values onto records, arrays, maps and enums (mapping.md §11.1), recursively.
mapping {
  def p = eventParameters()
  map p onto 'whole'
  map p.path('$.items') onto 'items'
  map p.path('$.single') onto 'one'
  map p.path('$.s') onto 'scalarToArray'
  map p.path('$.counts') onto 'counts'
  map p.path('$.nm') onto 'nestedMap'
  map p.path('$.color') onto 'color'
  map p.path('$.matrix') onto 'matrix'
  map p.path('$.ni') onto 'nullableItems'
  map p.path('$.nested') onto 'nested'
}
