mapping {
  when location() == 'http://x/' apply { map 'x' onto 'loc' }
}
