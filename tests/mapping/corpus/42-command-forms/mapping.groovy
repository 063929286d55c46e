// Command expressions and their parenthesised equivalents (mapping.md §3).
mapping({
  map(location()).onto('callChain')
  map(location()) onto 'callHead'
  map location() onto('callTail')
  map({ referer() }).onto('closureArgument')
  def u = parse(location()).to(uri)
  map u.path() onto 'parseCalls'
  def v = parse(location()) to uri
  map v.host() onto 'parseCallHead'
  def m = match('^(.*)$').against(eventType())
  map m.group(1) onto 'matchCalls'
  when(location().isPresent()).apply({ map 'explicit closure argument' onto 'whenCalls' })
  when(location().isPresent()) apply { map 'call head' onto 'whenCallHead' }
  when location().isAbsent() exit()
  map not(firstInSession()) onto 'notCall'
  map { not firstInSession() } onto 'notCommand'
  map digest('sha-256', 'foo').result().toHexLower() onto 'digestCall'
  def d = digest 'sha-256', 'foo'
  map d.result().toHexLower() onto 'digestCommand'
  map { location() equalTo 'http://x/' } onto 'equalToCommand'
})
