mapping {
  map timestamp() onto 'ts'                         // long
  map remoteHost() onto 'remoteHost'                // string
  def u = parse location() to uri
  map u.path() onto 'pagePath'                      // ["null","string"]
  map u.query().value('utm_source') onto 'source'   // ["null","string"]
  map u.query() onto 'query'                        // ["null",{"type":"map","values":{"type":"array","items":"string"}}]
}
