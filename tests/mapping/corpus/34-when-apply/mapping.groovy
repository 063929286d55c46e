// when … apply { … } (mapping.md §5.3): nested, closure conditions, absent counts as false.
mapping {
  map 'start' onto 'trace'
  when location().isPresent() apply {
    map 'has location' onto 'a'
    when referer().isPresent() apply {
      map 'has both' onto 'b'
    }
    when { referer().isAbsent() } apply { map 'location only' onto 'b' }
  }
  def typeX = match '^x$' against eventType()
  when typeX.matches() apply { map 'type x' onto 'c' }
  when not(typeX.matches()) apply { map 'type not x' onto 'c' }
  when(firstInSession()).apply { map 'first' onto 'd' }
  when firstInSession().equalTo(false) apply({ map 'not first' onto 'd' })
  when {
    def u = parse location() to uri
    u.host().equalTo('www.example.com')
  } apply {
    map 'example' onto 'e'
  }
  when location().isPresent() apply {
  }
  map 'end' onto 'trace2'
}
