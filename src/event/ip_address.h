#pragma once

// IpAddress: an IPv4 or IPv6 address, as a value (no allocation). IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) are stored as IPv4, as Java does, so they render and geolocate as IPv4. An
// IPv6 address taken from a socket may carry a numeric zone (scope id). Parsing never resolves
// names (protocol.md §13, deviation 5). Thread-safe value type.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace divolte::event {

class IpAddress {
 public:
  enum class Family : uint8_t { kV4, kV6 };

  IpAddress() = default;  // 0.0.0.0
  static IpAddress V4(const std::array<uint8_t, 4>& octets);
  // IPv4-mapped addresses become IPv4 (their scope id is dropped).
  static IpAddress V6(const std::array<uint8_t, 16>& octets, uint32_t scope_id = 0);

  // An IPv4 dotted-decimal literal (four parts 0-255, no leading zeros) or an IPv6 literal in any
  // RFC 4291 text form (including embedded IPv4), optionally in [ ]; no zone, nothing else.
  static std::optional<IpAddress> ParseLiteral(std::string_view text);
  // AF_INET or AF_INET6 (with scope id); any other family (or null) gives 0.0.0.0.
  static IpAddress FromSockaddr(const sockaddr* address);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  // Network byte order: the first 4 bytes for IPv4, all 16 for IPv6.
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  uint32_t scope_id() const { return scope_id_; }

  // remoteHost() rendering: dotted decimal; IPv6 as eight lower-case hex groups without leading
  // zeros and without "::" compression, then "%<scope id>" when there is one.
  std::string Render() const;
  void AppendRendered(std::string* out) const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  std::array<uint8_t, 16> bytes_{};
  Family family_ = Family::kV4;
  uint32_t scope_id_ = 0;
};

// The address an X-Forwarded-For header line names (protocol.md §13): its last comma-separated
// element, trimmed of spaces and tabs, if that is an IP literal; nullopt otherwise. The caller
// passes the value of the request's last X-Forwarded-For line.
std::optional<IpAddress> ForwardedForAddress(std::string_view last_header_line);

}  // namespace divolte::event
