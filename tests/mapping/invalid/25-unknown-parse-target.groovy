mapping {
  map { parse location() to 'int32' } onto 'i'
  map { parse location() to foo } onto 'i'
}
