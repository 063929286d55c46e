// uri.query() and its value/valueList (mapping.md §7.6).
mapping {
  def q = (parse location() to uri).query()
  map q onto 'all'
  map q onto 'allRequired'
  map q.value('p') onto 'p'
  map q.valueList('p') onto 'pList'
  map q.value('flag') onto 'flag'
  map q.value('') onto 'emptyName'
  map q.valueList('') onto 'emptyNameList'
  map q.value('e') onto 'e'
  map q.value('sp') onto 'sp'
  map q.value('missing') onto 'missing'
  map q.valueList('missing') onto 'missingList'
}
