// exit() and stop() end the mapping and keep the record (mapping.md §5.4, §5.6).
mapping {
  map 'before' onto 'a'
  when eventType().equalTo('exit') exit()
  map 'after the exit check' onto 'b'
  when eventType().equalTo('stop') apply {
    map 'stopping' onto 'c'
    stop()
    map 'never mapped' onto 'c'
  }
  when eventType().equalTo('exitInWhen') apply { map 'exiting' onto 'c'; exit() }
  when eventType().equalTo('stopShorthand') stop()
  def never = match '^never$' against location()
  when never.matches() exit()
  map 'end' onto 'd'
  exit()
  map 'unreachable' onto 'e'
}
