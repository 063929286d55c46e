#include "sources/browser/tag_handler.h"

#include "http/accept_encoding.h"
#include "http/entity_tag.h"

namespace divolte::sources {

void TagHandler::Handle(const http::Request& request, http::Response& response) {
  const tag::ResourceVariant* gzip = script_.gzip();
  const bool use_gzip = gzip != nullptr && http::AcceptsGzip(request.headers);
  const tag::ResourceVariant& variant = use_gzip ? *gzip : script_.plain();
  const bool not_modified = http::IfNoneMatchMatches(request.headers, variant.opaque_tag());
  response.Start(not_modified ? 304 : 200);
  if (!not_modified) response.Header("Content-Type", "application/javascript");
  response.Header("Cache-Control", "public, max-age=3600");
  response.Header("ETag", variant.etag);
  if (gzip != nullptr) response.Header("Vary", "Accept-Encoding");
  if (not_modified) {
    response.Finish();  // no body, no Content-Type, no Content-Encoding (protocol.md §11)
    return;
  }
  if (use_gzip) response.Header("Content-Encoding", "gzip");
  response.Finish(variant.body);
}

}  // namespace divolte::sources
