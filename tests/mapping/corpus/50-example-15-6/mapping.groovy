mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  when userAgent().type().equalTo('Robot') drop()
  when { def r = parse referer() to uri
         r.host().equalTo('www.google.com').or(r.host().equalTo('www.bing.com')) } apply {
    map 'search' onto 'channel'
  }
  when corrupt() apply {
    map true onto 'suspect'
    stop()
  }
  map false onto 'suspect'
  map eventType() onto 'eventType'                  // string, default "unknown"
}
