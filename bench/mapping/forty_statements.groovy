// A realistic 40-statement mapping script for bench/mapping_bench.cc (issue 4, point 7): URI and
// query parsing, regular expressions, digests, headers, cookies and conditions.
mapping {
  map timestamp() onto 'ts'                                      // 1
  map clientTimestamp() onto 'clientTs'                          // 2
  map remoteHost() onto 'remoteHost'                             // 3
  map partyId() onto 'partyId'                                   // 4
  map sessionId() onto 'sessionId'                               // 5
  map pageViewId() onto 'pageViewId'                             // 6
  map eventType() onto 'eventType'                               // 7
  map firstInSession() onto 'firstInSession'                     // 8
  map viewportPixelWidth() onto 'viewportWidth'                  // 9
  map viewportPixelHeight() onto 'viewportHeight'                // 10
  map userAgentString() onto 'userAgent'                         // 11
  def u = parse location() to uri                                // 12
  map u.host() onto 'host'                                       // 13
  map u.path() onto 'path'                                       // 14
  def q = u.query()                                              // 15
  map q.value('page') onto 'page'                                // 16
  map q onto 'query'                                             // 17
  ['utm_source', 'utm_medium', 'utm_campaign'].each {            // 18
    map q.value(it) onto it                                      // 19-21 (three statements)
  }
  def r = parse referer() to uri                                 // 22
  map r.host() onto 'refererHost'                                // 23
  def category = match '^/([a-z]+)/([a-z]+)$' against u.path()   // 24
  map category.group(1) onto 'category'                          // 25
  map category.group(2) onto 'subcategory'                       // 26
  map { parse q.value('page') to int32 } onto 'pageNumber'       // 27
  map digest('sha-256', 'bench').add(partyId()).result().toBase64() onto 'partyHash'   // 28
  map digest('md5').add(sessionId()).add('-').add(eventType()).result().toHexLower() onto 'sessionHash'  // 29
  map header('Accept-Language').first() onto 'language'          // 30
  map cookie('consent') onto 'consent'                           // 31
  when r.host().equalTo('www.google.com').or(r.host().equalTo('www.bing.com')) apply {  // 32
    map 'search' onto 'channel'                                  // 33
  }
  section {                                                      // 34
    when category.matches() apply { map 'catalog' onto 'pageType'; exit() }   // 35, 36
    when u.path().equalTo('/') apply { map 'home' onto 'pageType'; exit() }   // 37, 38
    map 'other' onto 'pageType'                                  // 39
  }
  when corrupt() drop()                                          // 40
}
