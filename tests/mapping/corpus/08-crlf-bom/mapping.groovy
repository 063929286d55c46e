// A UTF-8 byte-order mark and CR LF line terminators (mapping.md §2.1).
mapping {
  map 'first' onto 'first'
  def joined = 'a' +
    'b'
  map joined onto 'joined'
  def cont = 'c' \
    + 'd'
  map cont onto 'backslash'
  map 'e\
f' onto 'stringContinuation'
  map digest('md5')
    .add('abc')
    .result().toHexLower() onto 'chain'
}
