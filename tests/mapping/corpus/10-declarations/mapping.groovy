// Declarations, reassignment and scopes (mapping.md §4.2, §5.8).
def outside = 'declared before mapping'
mapping {
  def a = 'def'
  var b = 'var'
  final c = 'final'
  final String d = 'final typed'
  String e = 'typed'
  Object o = 'object'
  int i = 7
  long l = 8L
  boolean flag = true
  double dd = 1.5D
  float ff = 2.5F
  Integer boxed = 9
  Long boxedLong = 10L
  Boolean boxedFlag = false
  Float boxedFloat = 0.5F
  Double boxedDouble = 0.125D
  int notConverted = 'the type name is not checked'
  def n
  map "n=$n" onto 'uninitialised'
  n = 'reassigned'
  map n onto 'reassigned'
  a = a + '!'
  map a onto 'a'
  map b onto 'b'
  map c onto 'c'
  map d onto 'd'
  map e onto 'e'
  map o onto 'o'
  map i onto 'i'
  map l onto 'l'
  map flag onto 'flag'
  map dd onto 'dd'
  map ff onto 'ff'
  map boxed onto 'boxed'
  map boxedLong onto 'boxedLong'
  map boxedFlag onto 'boxedFlag'
  map boxedFloat onto 'boxedFloat'
  map boxedDouble onto 'boxedDouble'
  map notConverted onto 'notConverted'
  map outside onto 'outside'
  def loc = location()
  map loc onto 'loc'
  loc = referer()
  map loc onto 'ref'
  def shadowed = 'outer'
  ['x'].each {
    def shadowed = 'inner'
    def bool = 'a variable shadows a conversion token'
    map shadowed onto 'inner'
    map bool onto 'token'
  }
  map shadowed onto 'outer'
  map { parse eventType() to bool } onto 'parsedBool'
}
