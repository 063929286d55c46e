// eventParameters().value('name') and the deprecated eventParameter('name') (mapping.md §7.1, §7.3).
mapping {
  def p = eventParameters()
  map p.value('s') onto 'str'
  map p.value('i') onto 'int'
  map p.value('neg') onto 'neg'
  map p.value('f') onto 'float'
  map p.value('h') onto 'hundred'
  map p.value('big') onto 'big'
  map p.value('small') onto 'small'
  map p.value('e7') onto 'e7'
  map p.value('milli') onto 'milli'
  map p.value('nz') onto 'negZero'
  map p.value('t') onto 'bool'
  map p.value('nul') onto 'nul'
  map p.value('x') onto 'missing'
  map p.value('o') onto 'obj'
  map p.value('a') onto 'arr'
  map p.value('huge') onto 'huge'
  map p.value('u') onto 'unicode'
  map eventParameter('s') onto 'deprecated'
  map eventParameter('x') onto 'deprecatedMissing'
  map p.isPresent() onto 'present'
}
