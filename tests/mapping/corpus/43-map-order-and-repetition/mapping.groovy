// Order and repetition (mapping.md §5.2, §10): the last present value wins; absent values change nothing.
mapping {
  map 'literal first' onto 'lastPresentWins'
  map location() onto 'lastPresentWins'
  map referer() onto 'lastPresentWins'
  map location() onto 'copy1'
  map location() onto 'copy2'
  map 'overwritten' onto 'literalOverwritten'
  map 'final value' onto 'literalOverwritten'
  map eventType() onto 'absentKeepsEarlier'
  map referer() onto 'absentKeepsEarlier'
}
