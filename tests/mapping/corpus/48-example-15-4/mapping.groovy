mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  map digest('sha-256', 'pseudoSession')
      .add(partyId())
      .add('-')
      .add(sessionId())
      .result().toBase64() onto 'pseudoSession'
  map header('Accept-Language').first() onto 'language'
  map cookie('consent') onto 'consent'
  map header('X-Forwarded-For').get(-2) onto 'clientIp'
}
