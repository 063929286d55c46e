#include "functions/digest.h"

#include <openssl/evp.h>

#include <vector>

#include "base/check.h"
#include "base/strings.h"
#include "functions/json_text.h"

namespace divolte::functions {
namespace {

struct Algorithm {
  std::string_view names[2];  // case-insensitive spellings; an empty name is unused
  const char* evp_name;
  bool seedable;
};

// `SHA` is an unseeded alias of SHA-1 only (mapping.md §7.10).
constexpr Algorithm kAlgorithms[] = {
    {{"MD5", ""}, "MD5", false},
    {{"SHA-1", "SHA1"}, "SHA1", true},
    {{"SHA", ""}, "SHA1", false},
    {{"SHA-224", "SHA224"}, "SHA2-224", true},
    {{"SHA-256", "SHA256"}, "SHA2-256", true},
    {{"SHA-384", "SHA384"}, "SHA2-384", true},
    {{"SHA-512", "SHA512"}, "SHA2-512", true},
    {{"SHA-512/224", ""}, "SHA2-512/224", false},
    {{"SHA-512/256", ""}, "SHA2-512/256", false},
    {{"SHA3-224", ""}, "SHA3-224", false},
    {{"SHA3-256", ""}, "SHA3-256", false},
    {{"SHA3-384", ""}, "SHA3-384", false},
    {{"SHA3-512", ""}, "SHA3-512", false},
};

// PBKDF2 parameters of seeded digests: "divolte" followed by 8 fixed bytes.
constexpr unsigned char kSalt[] = {0x64, 0x69, 0x76, 0x6f, 0x6c, 0x74, 0x65, 0xb6,
                                   0x87, 0xe2, 0xd9, 0xaa, 0x06, 0x03, 0x72};
constexpr int kIterations = 100000;
constexpr unsigned char kInnerPad = 0x36;
constexpr unsigned char kOuterPad = 0x5c;

const Algorithm* FindAlgorithm(std::string_view name) {
  for (const Algorithm& algorithm : kAlgorithms) {
    for (const std::string_view candidate : algorithm.names) {
      if (!candidate.empty() && base::EqualsIgnoreCase(candidate, name)) return &algorithm;
    }
  }
  return nullptr;
}

// EVP_MD_CTX objects reused by the DigestRuns of one thread; nested runs take further ones.
class ContextPool {
 public:
  ~ContextPool() {
    for (EVP_MD_CTX* context : free_) EVP_MD_CTX_free(context);
  }
  EVP_MD_CTX* Acquire() {
    if (free_.empty()) return EVP_MD_CTX_new();
    EVP_MD_CTX* context = free_.back();
    free_.pop_back();
    return context;
  }
  void Release(EVP_MD_CTX* context) { free_.push_back(context); }

 private:
  std::vector<EVP_MD_CTX*> free_;
};

thread_local ContextPool context_pool;

void AppendHex(std::string_view bytes, const char* digits, std::string* out) {
  for (const char byte : bytes) {
    out->push_back(digits[static_cast<unsigned char>(byte) >> 4]);
    out->push_back(digits[static_cast<unsigned char>(byte) & 0xf]);
  }
}

}  // namespace

// For a seeded digest, the HMAC is computed from two template contexts that have already absorbed
// the padded key blocks (key XOR ipad, key XOR opad); a run copies them instead of rehashing.
struct Digester::State {
  ~State() {
    EVP_MD_CTX_free(inner);
    EVP_MD_CTX_free(outer);
    EVP_MD_free(md);
  }

  EVP_MD* md = nullptr;
  size_t size = 0;
  std::string key;
  EVP_MD_CTX* inner = nullptr;  // seeded only
  EVP_MD_CTX* outer = nullptr;  // seeded only
};

namespace {

EVP_MD_CTX* KeyedTemplate(const EVP_MD* md, std::string_view key, unsigned char pad) {
  std::string block(static_cast<size_t>(EVP_MD_get_block_size(md)), '\0');
  CHECK(key.size() <= block.size());
  for (size_t i = 0; i < block.size(); ++i) {
    const unsigned char k = i < key.size() ? static_cast<unsigned char>(key[i]) : 0;
    block[i] = static_cast<char>(k ^ pad);
  }
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  CHECK(context != nullptr && EVP_DigestInit_ex2(context, md, nullptr) == 1);
  CHECK(EVP_DigestUpdate(context, block.data(), block.size()) == 1);
  return context;
}

std::shared_ptr<Digester::State> NewState(const Algorithm& algorithm) {
  auto state = std::make_shared<Digester::State>();
  state->md = EVP_MD_fetch(nullptr, algorithm.evp_name, nullptr);
  if (state->md == nullptr) return nullptr;
  state->size = static_cast<size_t>(EVP_MD_get_size(state->md));
  CHECK(state->size <= DigestResult::kMaxSize);
  return state;
}

std::string UnseededError(std::string_view algorithm) {
  return "Algorithm not supported for digester: digester(\"" + std::string(algorithm) + "\")";
}

}  // namespace

base::Result<Digester> Digester::Create(std::string_view algorithm) {
  const Algorithm* found = FindAlgorithm(algorithm);
  std::shared_ptr<State> state = found ? NewState(*found) : nullptr;
  if (state == nullptr) return base::Result<Digester>::Error(UnseededError(algorithm));
  return Digester(std::move(state));
}

base::Result<Digester> Digester::CreateSeeded(std::string_view algorithm, std::string_view seed) {
  const Algorithm* found = FindAlgorithm(algorithm);
  std::shared_ptr<State> state = found && found->seedable ? NewState(*found) : nullptr;
  if (state == nullptr) {
    return base::Result<Digester>::Error("Algorithm not supported for digester: digester(\"" +
                                         std::string(algorithm) + "\", \"" + std::string(seed) +
                                         "\")");
  }
  // The original passes the output length in bytes where PBKDF2 expects bits.
  state->key.resize(state->size / 8);
  CHECK(PKCS5_PBKDF2_HMAC(seed.data(), static_cast<int>(seed.size()), kSalt, sizeof kSalt,
                          kIterations, state->md, static_cast<int>(state->key.size()),
                          reinterpret_cast<unsigned char*>(state->key.data())) == 1);
  state->inner = KeyedTemplate(state->md, state->key, kInnerPad);
  state->outer = KeyedTemplate(state->md, state->key, kOuterPad);
  return Digester(std::move(state));
}

std::string_view Digester::key() const { return state_->key; }

size_t Digester::size() const { return state_->size; }

DigestRun::DigestRun(const Digester& digester)
    : state_(*digester.state_), context_(context_pool.Acquire()) {
  CHECK(context_ != nullptr);
  if (state_.inner != nullptr) {
    CHECK(EVP_MD_CTX_copy_ex(context_, state_.inner) == 1);
  } else {
    CHECK(EVP_DigestInit_ex2(context_, state_.md, nullptr) == 1);
  }
}

DigestRun::~DigestRun() { context_pool.Release(context_); }

void DigestRun::Add(std::string_view bytes) {
  CHECK(EVP_DigestUpdate(context_, bytes.data(), bytes.size()) == 1);
}

void DigestRun::AddJson(const event::JsonValue& value) {
  thread_local std::string text;
  text.clear();
  if (AppendJsonScalarText(value, &text)) Add(text);
}

DigestResult DigestRun::Finish() {
  DigestResult result;
  unsigned int size = 0;
  CHECK(EVP_DigestFinal_ex(context_, result.bytes_.data(), &size) == 1);
  if (state_.outer != nullptr) {
    CHECK(EVP_MD_CTX_copy_ex(context_, state_.outer) == 1);
    CHECK(EVP_DigestUpdate(context_, result.bytes_.data(), size) == 1);
    CHECK(EVP_DigestFinal_ex(context_, result.bytes_.data(), &size) == 1);
  }
  result.size_ = size;
  return result;
}

void DigestResult::AppendHexLower(std::string* out) const {
  AppendHex(bytes(), "0123456789abcdef", out);
}

void DigestResult::AppendHexUpper(std::string* out) const {
  AppendHex(bytes(), "0123456789ABCDEF", out);
}

void DigestResult::AppendBase64(std::string* out) const {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string_view in = bytes();
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t group = (static_cast<uint8_t>(in[i]) << 16) |
                           (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out->push_back(kAlphabet[(group >> shift) & 63]);
  }
  const size_t rest = in.size() - i;
  if (rest == 0) return;
  uint32_t group = static_cast<uint8_t>(in[i]) << 16;
  if (rest == 2) group |= static_cast<uint8_t>(in[i + 1]) << 8;
  out->push_back(kAlphabet[(group >> 18) & 63]);
  out->push_back(kAlphabet[(group >> 12) & 63]);
  out->push_back(rest == 2 ? kAlphabet[(group >> 6) & 63] : '=');
  out->push_back('=');
}

}  // namespace divolte::functions
