// The fields of the built-in default mapping that the bench schema has, as a script.
mapping {
  map timestamp() onto 'ts'
  map clientTimestamp() onto 'clientTs'
  map remoteHost() onto 'remoteHost'
  map partyId() onto 'partyId'
  map sessionId() onto 'sessionId'
  map pageViewId() onto 'pageViewId'
  map eventType() onto 'eventType'
  map firstInSession() onto 'firstInSession'
  map viewportPixelWidth() onto 'viewportWidth'
  map viewportPixelHeight() onto 'viewportHeight'
  map userAgentString() onto 'userAgent'
  map location() onto 'path'
  map referer() onto 'refererHost'
}
