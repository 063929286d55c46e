mapping {
  when location() apply { map 'x' onto 'loc' }
  when { viewportPixelWidth() } exit()
  def u = parse location() to uri
  when u stop()
}
