// cookie('name') (mapping.md §7.1): all Cookie lines, split on ';', trimmed, first occurrence wins.
mapping {
  map cookie('a') onto 'a'
  map cookie('b') onto 'b'
  map cookie('quoted') onto 'quoted'
  map cookie('A') onto 'upperA'
  map cookie('missing') onto 'missing'
  map cookie('eq') onto 'eq'
  map cookie('empty') onto 'empty'
  map cookie('_dvp') onto 'party'
  map cookie('consent').isPresent() onto 'hasConsent'
}
