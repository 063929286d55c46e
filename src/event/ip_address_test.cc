#include "event/ip_address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace divolte::event {
namespace {

std::string RenderedLiteral(const char* text) {
  const auto address = IpAddress::ParseLiteral(text);
  return address ? address->Render() : "<invalid>";
}

std::string RenderedForwardedFor(const char* line) {
  const auto address = ForwardedForAddress(line);
  return address ? address->Render() : "<ignored>";
}

// protocol.md §13, every example (the caller has already picked the last header line).
TEST(ForwardedForTest, SpecExamples) {
  EXPECT_EQ(RenderedForwardedFor("10.200.13.28, 11.45.82.30"), "11.45.82.30");
  EXPECT_EQ(RenderedForwardedFor("11.45.82.30"), "11.45.82.30");  // last of two lines
  EXPECT_EQ(RenderedForwardedFor("2001:db8::1"), "2001:db8:0:0:0:0:0:1");
  EXPECT_EQ(RenderedForwardedFor("1.2.3.4, proxy.example.com"), "<ignored>");
  EXPECT_EQ(RenderedForwardedFor("1.2.3.4:5678"), "<ignored>");
}

TEST(ForwardedForTest, TrimsAndTakesLastElement) {
  EXPECT_EQ(RenderedForwardedFor(" \t11.45.82.30\t "), "11.45.82.30");
  EXPECT_EQ(RenderedForwardedFor("unknown,\t[2001:DB8::A]  "), "2001:db8:0:0:0:0:0:a");
  EXPECT_EQ(RenderedForwardedFor("1.2.3.4,"), "<ignored>");
  EXPECT_EQ(RenderedForwardedFor(""), "<ignored>");
  EXPECT_EQ(RenderedForwardedFor(" , "), "<ignored>");
  EXPECT_EQ(RenderedForwardedFor("unknown"), "<ignored>");
  EXPECT_EQ(RenderedForwardedFor("1.2.3.4 5.6.7.8"), "<ignored>");
}

TEST(IpAddressTest, Ipv4Literals) {
  EXPECT_EQ(RenderedLiteral("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(RenderedLiteral("255.255.255.255"), "255.255.255.255");
  EXPECT_TRUE(IpAddress::ParseLiteral("10.0.0.5")->is_v4());
  for (const char* text :
       {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "01.2.3.4", "1.2.3.4 ",
        "+1.2.3.4", "0x1.2.3.4", "16909060", "[1.2.3.4]", "1.2.3.-4", "1234.1.1.1"}) {
    EXPECT_EQ(RenderedLiteral(text), "<invalid>") << text;
  }
}

TEST(IpAddressTest, Ipv6Literals) {
  EXPECT_EQ(RenderedLiteral("::"), "0:0:0:0:0:0:0:0");
  EXPECT_EQ(RenderedLiteral("::1"), "0:0:0:0:0:0:0:1");
  EXPECT_EQ(RenderedLiteral("1::"), "1:0:0:0:0:0:0:0");
  EXPECT_EQ(RenderedLiteral("[::1]"), "0:0:0:0:0:0:0:1");
  EXPECT_EQ(RenderedLiteral("2001:0DB8:0000:0000:0008:0800:200C:417A"),
            "2001:db8:0:0:8:800:200c:417a");
  EXPECT_EQ(RenderedLiteral("2001:db8::8:800:200c:417a"), "2001:db8:0:0:8:800:200c:417a");
  EXPECT_EQ(RenderedLiteral("ff01::101"), "ff01:0:0:0:0:0:0:101");
  EXPECT_EQ(RenderedLiteral("1:2:3:4:5:6::8"), "1:2:3:4:5:6:0:8");
  EXPECT_EQ(RenderedLiteral("1:2:3:4:5:6:7::"), "1:2:3:4:5:6:7:0");
  EXPECT_EQ(RenderedLiteral("::2:3:4:5:6:7:8"), "0:2:3:4:5:6:7:8");
  // Embedded IPv4 (RFC 4291 §2.2 form 3).
  EXPECT_EQ(RenderedLiteral("0:0:0:0:0:0:13.1.68.3"), "0:0:0:0:0:0:d01:4403");
  EXPECT_EQ(RenderedLiteral("::13.1.68.3"), "0:0:0:0:0:0:d01:4403");
  EXPECT_EQ(RenderedLiteral("64:ff9b::192.0.2.33"), "64:ff9b:0:0:0:0:c000:221");
}

TEST(IpAddressTest, Ipv4MappedBecomesIpv4) {
  const auto mapped = IpAddress::ParseLiteral("::ffff:129.144.52.38");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_TRUE(mapped->is_v4());
  EXPECT_EQ(mapped->Render(), "129.144.52.38");
  EXPECT_EQ(RenderedLiteral("0:0:0:0:0:FFFF:8190:3426"), "129.144.52.38");
  EXPECT_EQ(*mapped, *IpAddress::ParseLiteral("129.144.52.38"));
}

TEST(IpAddressTest, InvalidIpv6Literals) {
  for (const char* text : {"",
                           ":",
                           ":::",
                           "1:2:3:4:5:6:7",
                           "1:2:3:4:5:6:7:8:9",
                           "1::2::3",
                           "1:2:3:4:5:6:7:8::",
                           "::1:2:3:4:5:6:7:8",
                           "12345::",
                           "g::",
                           ":1::",
                           "1::2:",
                           "1:2:3:4:5:6:7:8:",
                           "fe80::1%eth0",
                           "fe80::1%2",
                           "[::1",
                           "::1]",
                           "[[::1]]",
                           "[]",
                           "::1.2.3",
                           "::1.2.3.4:5",
                           "1:2:3:4:5:6:7:1.2.3.4",
                           "::01.2.3.4",
                           "2001:db8::1 ",
                           "localhost",
                           "::ffff:1.2.3.256"}) {
    EXPECT_EQ(RenderedLiteral(text), "<invalid>") << text;
  }
}

TEST(IpAddressTest, FromSockaddr) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "10.0.0.5", &v4.sin_addr), 1);
  EXPECT_EQ(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&v4)).Render(), "10.0.0.5");

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "fe80::1", &v6.sin6_addr), 1);
  v6.sin6_scope_id = 3;
  const IpAddress link_local = IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&v6));
  EXPECT_FALSE(link_local.is_v4());
  EXPECT_EQ(link_local.scope_id(), 3u);
  EXPECT_EQ(link_local.Render(), "fe80:0:0:0:0:0:0:1%3");

  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:10.0.0.5", &v6.sin6_addr), 1);
  v6.sin6_scope_id = 0;
  EXPECT_EQ(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&v6)).Render(), "10.0.0.5");

  sockaddr unix_family{};
  unix_family.sa_family = AF_UNIX;
  EXPECT_EQ(IpAddress::FromSockaddr(&unix_family).Render(), "0.0.0.0");
  EXPECT_EQ(IpAddress::FromSockaddr(nullptr).Render(), "0.0.0.0");
}

TEST(IpAddressTest, BytesAreInNetworkOrder) {
  const auto v4 = IpAddress::ParseLiteral("1.2.3.4");
  EXPECT_EQ(v4->bytes()[0], 1);
  EXPECT_EQ(v4->bytes()[3], 4);
  const auto v6 = IpAddress::ParseLiteral("2001:db8::1");
  EXPECT_EQ(v6->family(), IpAddress::Family::kV6);
  EXPECT_EQ(v6->bytes()[0], 0x20);
  EXPECT_EQ(v6->bytes()[1], 0x01);
  EXPECT_EQ(v6->bytes()[15], 0x01);
}

}  // namespace
}  // namespace divolte::event
