#pragma once

// Digests of the mapping language (mapping.md §7.10). A Digester is the load-time object of
// `digest('<algorithm>'[, '<seed>'])`: the algorithm is resolved and, for a seeded digest, the
// HMAC key is derived (PBKDF2, 100000 iterations) once at start-up. It is immutable and shared by
// all mapper threads. Per event, a DigestRun on the stack absorbs the pieces in order and yields
// a DigestResult; only OpenSSL's per-computation context is allocated.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace divolte::event {
class JsonValue;
}  // namespace divolte::event

namespace divolte::functions {

// The bytes of one digest (`.result()`); at most 64 bytes (SHA-512, SHA3-512).
class DigestResult {
 public:
  static constexpr size_t kMaxSize = 64;

  std::string_view bytes() const { return {reinterpret_cast<const char*>(bytes_.data()), size_}; }
  // `.toHexLower()`, `.toHexUpper()`, `.toBase64()` (standard alphabet, padded); append to `out`.
  void AppendHexLower(std::string* out) const;
  void AppendHexUpper(std::string* out) const;
  void AppendBase64(std::string* out) const;

  friend bool operator==(const DigestResult& a, const DigestResult& b) {
    return a.bytes() == b.bytes();
  }

 private:
  friend class DigestRun;
  std::array<uint8_t, kMaxSize> bytes_{};
  size_t size_ = 0;
};

class Digester {
 public:
  // `digest('<algorithm>')`. Names are case-insensitive: MD5, SHA-1 (SHA, SHA1), SHA-224
  // (SHA224), SHA-256 (SHA256), SHA-384 (SHA384), SHA-512 (SHA512), SHA-512/224, SHA-512/256,
  // SHA3-224, SHA3-256, SHA3-384, SHA3-512. Otherwise the error
  // `Algorithm not supported for digester: digester("<algorithm>")`.
  static base::Result<Digester> Create(std::string_view algorithm);

  // `digest('<algorithm>', '<seed>')`: HMAC-H keyed with PBKDF2-HMAC-H(seed, fixed salt, 100000
  // iterations) of floor(L/8) bytes, L the output length in bytes (the original's quirk). H is
  // one of SHA-1 (SHA1), SHA-224, SHA-256, SHA-384, SHA-512 (with or without '-'); otherwise
  // `Algorithm not supported for digester: digester("<algorithm>", "<seed>")`.
  static base::Result<Digester> CreateSeeded(std::string_view algorithm, std::string_view seed);

  // The derived HMAC key (empty when unseeded); for tests of the normative vectors.
  std::string_view key() const;
  // Output length in bytes.
  size_t size() const;

  struct State;  // immutable; defined in digest.cc

 private:
  friend class DigestRun;
  explicit Digester(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// One computation of a digester on the calling thread: `.add(...)` per piece, then Finish.
// Not copyable; REQUIRES: the Digester outlives it.
class DigestRun {
 public:
  explicit DigestRun(const Digester& digester);
  ~DigestRun();
  DigestRun(const DigestRun&) = delete;
  DigestRun& operator=(const DigestRun&) = delete;

  // A string piece (its UTF-8 bytes) or a bytes piece (another digest's result).
  void Add(std::string_view bytes);
  // A JSON piece: the text of a scalar (mapping.md §7.3); objects and arrays add nothing.
  void AddJson(const event::JsonValue& value);
  // The digest of every piece added. REQUIRES: called once.
  DigestResult Finish();

 private:
  const Digester::State& state_;
  evp_md_ctx_st* context_;  // borrowed from a per-thread pool
};

}  // namespace divolte::functions
