// Required fields without default (mapping.md §12, §13): a record that cannot be built fails (422).
mapping {
  map 'always' onto 'required'
  when location().isPresent() apply {
    map location() onto 'conditional'
  }
  map referer() onto 'fromProducer'
  map eventType() onto 'optional'
}
