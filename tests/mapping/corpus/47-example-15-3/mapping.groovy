mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  map eventParameters().path('$.value') onto 'value'
  map eventParameters().path('$.items') onto 'items'
  map eventParameters().path('$.items[*].sku') onto 'skus'
  map eventParameters().value('coupon') onto 'coupon'
}
