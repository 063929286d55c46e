#include "tag/static_resource.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <cstdint>
#include <limits>

#include "base/check.h"

namespace divolte::tag {
namespace {

// RFC 1952: ID1 ID2, CM = deflate, no flags, MTIME 0, no extra flags, OS 0 (protocol.md §11).
constexpr char kGzipHeader[] = {'\x1f', '\x8b', '\x08', '\x00', '\x00',
                                '\x00', '\x00', '\x00', '\x00', '\x00'};
constexpr int kRawDeflateWindowBits = -15;  // negative: no zlib wrapper
constexpr int kDefaultMemLevel = 8;

void AppendLittleEndian32(uint32_t value, std::string* out) {
  for (int shift = 0; shift < 32; shift += 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// Raw DEFLATE of `bytes` at level 9, appended to `out`.
void AppendRawDeflate(std::string_view bytes, std::string* out) {
  CHECK(bytes.size() <= std::numeric_limits<uInt>::max());
  z_stream stream{};
  CHECK(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, kRawDeflateWindowBits,
                     kDefaultMemLevel, Z_DEFAULT_STRATEGY) == Z_OK);
  const size_t start = out->size();
  const uLong bound = deflateBound(&stream, static_cast<uLong>(bytes.size()));
  out->resize(start + bound);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  stream.avail_out = static_cast<uInt>(bound);
  // deflateBound guarantees room for everything in one Z_FINISH call.
  CHECK(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out->resize(start + stream.total_out);
  deflateEnd(&stream);
}

}  // namespace

std::string Sha256Base64(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  CHECK(EVP_Digest(bytes.data(), bytes.size(), digest, &digest_length, EVP_sha256(), nullptr) == 1);
  // EVP_EncodeBlock writes 4 characters per 3 bytes (padded) and a terminating NUL.
  std::string base64(4 * ((digest_length + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), digest,
                                     static_cast<int>(digest_length));
  base64.resize(static_cast<size_t>(length));
  return base64;
}

std::string GzipCompress(std::string_view bytes) {
  std::string gzip(kGzipHeader, sizeof kGzipHeader);
  AppendRawDeflate(bytes, &gzip);
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()),
                          static_cast<uInt>(bytes.size()));
  AppendLittleEndian32(static_cast<uint32_t>(crc), &gzip);
  AppendLittleEndian32(static_cast<uint32_t>(bytes.size()), &gzip);  // ISIZE: size mod 2^32
  return gzip;
}

StaticResource::StaticResource(std::string body, Gzip gzip) {
  const std::string digest = Sha256Base64(body);
  if (gzip == Gzip::kOfferedIfSmaller) {
    std::string compressed = GzipCompress(body);
    if (compressed.size() < body.size()) {
      gzip_ = ResourceVariant{.body = std::move(compressed), .etag = "\"gz+" + digest + "\""};
    }
  }
  plain_ = ResourceVariant{.body = std::move(body), .etag = "\"" + digest + "\""};
}

}  // namespace divolte::tag
