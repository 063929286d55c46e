// Lists: literals, `+` concatenation and `.each` generating statements (mapping.md §4.4).
mapping {
  ['a', 'b', 'c'].each { map "v-$it" onto it }
  def more = ['d'] + ['e', 'f',]
  more.each { name -> map "m-$name" onto name }
  (['g'] + ['h']).each { map it onto it }
  [1, 2].each { map it onto "n$it" }
  def empty = []
  empty.each { map 'never mapped' onto 'a' }
  def q = (parse location() to uri).query()
  ['utm_source', 'utm_medium'].each { key -> map q.value(key) onto key }
  map "${[1, 2] + [3]} ${['x', ['y', 'z']]}" onto 'joined'
  [['w1', 'x1'], ['w2', 'x2']].each { pair -> map "pair $pair" onto 'lastPair' }
  ['first', 'second'].each { map it onto 'overwritten' }
}
