// println at load time (mapping.md §4.4): it writes to the log and adds no action.
println 'loading the script'
println('with parentheses')
def i = 40
println i + 2
println "interpolated $i"
mapping {
  println 'inside mapping'
  println(['a', 1])
  ['x'].each { println "in each: $it" }
  map 'mapped' onto 'f'
  when location().isPresent() apply {
    println 'printed once at load time, whatever the events'
    map location() onto 'loc'
  }
}
