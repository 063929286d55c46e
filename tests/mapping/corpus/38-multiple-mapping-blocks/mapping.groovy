// Several mapping { } blocks run in order (mapping.md §4.4); top-level variables are shared.
def shared = 'declared at the top level'
mapping {
  map 'first block' onto 'a'
  map 'overwritten by the second block' onto 'c'
  def local = 'local to the first block'
  map local onto 'd'
}
def between = 'declared between blocks'
mapping {
  map shared onto 'b'
  map 'second block' onto 'c'
  map between onto 'e'
  def local = 'local to the second block'
  map local onto 'f'
}
mapping {
  map location() onto 'g'
}
