mapping {
  map(viewportPixelWidth() - 1) onto 'i'
}
