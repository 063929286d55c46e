// Conversion tokens are load-time values (mapping.md §4.1, §4.2): they can be held in variables.
mapping {
  def target = int32
  map { parse eventType() to target } onto 'viaVariable'
  def value = eventParameters().value('n')
  [int64].each { token -> map { parse value to token } onto 'viaEach' }
  map { parse value to fp64 } onto 'asDouble'
  map { parse value to fp32 } onto 'asFloat'
  map { parse value to bool } onto 'asBool'
}
