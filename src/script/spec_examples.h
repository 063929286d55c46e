#pragma once

// Test data: the example scripts of mapping.md (§4.3 and §15.1–§15.7), verbatim.

#include <string_view>

namespace divolte::script {

struct SpecExample {
  std::string_view name;
  std::string_view text;
};

inline constexpr SpecExample kSpecExamples[] = {
    {"15.1", R"groovy(mapping {
  map timestamp() onto 'ts'                         // long
  map remoteHost() onto 'remoteHost'                // string
  def u = parse location() to uri
  map u.path() onto 'pagePath'                      // ["null","string"]
  map u.query().value('utm_source') onto 'source'   // ["null","string"]
  map u.query() onto 'query'                        // ["null",{"type":"map","values":{"type":"array","items":"string"}}]
}
)groovy"},
    {"15.2", R"groovy(mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def path = (parse location() to uri).path()
  section {
    def product = match /^\/products\/([0-9]+)$/ against path
    when product.matches() apply {
      map 'product' onto 'pageType'                       // ["null","string"]
      map { parse product.group(1) to int32 } onto 'productId'   // ["null","int"]
      exit()
    }
    when path.equalTo('/') apply { map 'home' onto 'pageType'; exit() }
    map 'other' onto 'pageType'
  }
  map true onto 'classified'                              // boolean
}
)groovy"},
    {"15.3", R"groovy(mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  map eventParameters().path('$.value') onto 'value'
  map eventParameters().path('$.items') onto 'items'
  map eventParameters().path('$.items[*].sku') onto 'skus'
  map eventParameters().value('coupon') onto 'coupon'
}
)groovy"},
    {"15.4", R"groovy(mapping {
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
)groovy"},
    {"15.5", R"groovy(mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def q = (parse location() to uri).query()
  ['utm_source', 'utm_medium', 'utm_campaign'].each {
    map q.value(it) onto it                         // three ["null","string"] fields
  }
  def site = 'web'
  map "$site-shop" onto 'channel'                   // string
  map 42L onto 'schemaVersion'                      // long
}
)groovy"},
    {"15.6", R"groovy(mapping {
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
)groovy"},
    {"15.7", R"groovy(mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def geo = ip2geo()
  map geo.countryCode() onto 'country'
  map geo onto 'location'
  map viewportPixelWidth() onto 'country'
  map 42.0 onto 'ratio'
}
)groovy"},
    {"4.3", R"groovy(mapping {
  ['sha-256'].each { algorithm -> map digest(algorithm, "seed-$it").result() onto 'd' }
}
)groovy"},
};

}  // namespace divolte::script
