#pragma once

// StaticResource: an immutable body served as is (the tag, the test page), built once at
// start-up with its strong entity tag and, when offered, a gzip variant (protocol.md §11).
// Immutable after construction; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace divolte::tag {

// One representation of a resource: the exact bytes and their entity tag.
struct ResourceVariant {
  std::string body;
  std::string etag;  // with the quotes, e.g. "\"ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=\""

  // The opaque part of the entity tag: the text between the quotes.
  std::string_view opaque_tag() const { return std::string_view(etag).substr(1, etag.size() - 2); }
};

class StaticResource {
 public:
  enum class Gzip { kNotOffered, kOfferedIfSmaller };

  // `gzip`: whether to build the gzip variant; it exists only when smaller than `body`.
  StaticResource(std::string body, Gzip gzip);

  // ETag `"<base64 sha256 of body>"`.
  const ResourceVariant& plain() const { return plain_; }
  // ETag `"gz+<base64 sha256 of the plain body>"`; null when there is no gzip variant.
  const ResourceVariant* gzip() const { return gzip_ ? &*gzip_ : nullptr; }

 private:
  ResourceVariant plain_;
  std::optional<ResourceVariant> gzip_;
};

// Standard Base64 (with padding) of the SHA-256 digest of `bytes`: 44 characters.
std::string Sha256Base64(std::string_view bytes);

// `bytes` as a gzip member (RFC 1952): the fixed header `1f 8b 08 00 00 00 00 00 00 00`, raw
// DEFLATE at maximum compression, CRC-32 and length (mod 2^32), both little-endian.
std::string GzipCompress(std::string_view bytes);

}  // namespace divolte::tag
