mapping {
  map "loc: ${location()}" onto 'loc'
  def l = referer()
  map "ref: $l" onto 'loc'
}
