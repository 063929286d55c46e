// GStrings (mapping.md §2.7): $name, ${expression}, the dotted-chain rule, text conversions.
mapping {
  def site = 'web'
  def n = 42
  def d = 1.5D
  def big = 1e10D
  def f = 2f
  def bd = 42.0
  def scaled = 0.50
  def flag = true
  def nothing = null
  def list = ['a', 1, true]
  def l = 9_000_000_000L
  map "$site-shop" onto 'a'
  map "${site}shop" onto 'b'
  map "n=$n, next=${n + 1}" onto 'c'
  map "d=$d big=$big f=$f bd=$bd scaled=$scaled" onto 'numbers'
  map "flag=$flag nothing=$nothing" onto 'e'
  map "list=$list empty=${[]}" onto 'lists'
  map "dot: $site." onto 'g'
  map "version $n.0" onto 'h'
  map "cost: \$5 and ${'x' + 'y'}" onto 'i'
  map "${"nested $site"}!" onto 'j'
  map "$site$n$l" onto 'k'
  map "it=$it" onto 'itIsNull'
  map "neg=${-5} sum=${2147483647 + 1}" onto 'arith'
  map 'concat ' + site + ' ' + n + ' ' + d + ' ' + flag + ' ' + list + ' ' + nothing onto 'plus'
}
