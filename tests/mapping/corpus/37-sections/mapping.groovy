// section { … } (mapping.md §5.5): exit() ends only the innermost section; stop() ends everything.
mapping {
  section {
    map 'one' onto 'a'
    when eventType().equalTo('e1') exit()
    map 'two' onto 'b'
  }
  section {
    section {
      when eventType().equalTo('e2') apply {
        when location().isPresent() apply { exit() }
      }
      map 'inner' onto 'c'
    }
    map 'after the inner section' onto 'd'
    when eventType().equalTo('e3') stop()
  }
  section {
    when eventType().equalTo('e4') apply {
      map 'set before exit' onto 'e'
      exit()
    }
  }
  map 'end' onto 'f'
}
