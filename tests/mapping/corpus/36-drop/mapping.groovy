// drop() discards the event for this mapping (mapping.md §5.4, §5.6, §5.7).
mapping {
  map 'x' onto 'a'
  when eventType().equalTo('bot') drop()
  when eventType().equalTo('nested') apply {
    section {
      when location().isPresent() apply { drop() }
    }
    map 'nested, kept' onto 'c'
  }
  section {
    when eventType().equalTo('late') apply { map 'dropped anyway' onto 'c' }
    when eventType().equalTo('late') drop()
  }
  map 'kept' onto 'b'
}
