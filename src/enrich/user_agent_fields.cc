#include "enrich/user_agent_fields.h"

#include <re2/re2.h>

#include <algorithm>
#include <initializer_list>

namespace divolte::enrich {
namespace {

using Names = std::initializer_list<std::string_view>;

bool In(std::string_view value, Names names) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

bool StartsWithAny(std::string_view value, Names prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view prefix) { return value.starts_with(prefix); });
}

bool ContainsIgnoreCase(std::string_view text, std::string_view needle) {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

bool IsLibrary(std::string_view name) {
  return In(name, {"curl", "Wget", "Python Requests", "Python-urllib", "Python aiohttp", "Java",
                   "Apache-HttpClient", "okhttp", "OkHttp", "Go-http-client", "libwww-perl",
                   "HTTPClient", "CFNetwork"});
}

bool IsEmailClient(std::string_view name) {
  return In(name, {"Thunderbird", "Outlook", "Apple Mail", "Windows Live Mail", "Lotus Notes",
                   "Postbox", "Superhuman"});
}

bool IsMediaPlayer(std::string_view name) {
  return In(name, {"VLC", "WMPlayer", "Amarok", "PodcastAddict", "AntennaPod", "Podkicker"});
}

std::string_view Family(std::string_view ua_family) {
  if (StartsWithAny(ua_family, {"Chrome", "Chromium", "HeadlessChrome"})) return "Chrome";
  if (ua_family.starts_with("Firefox")) return "Firefox";
  if (ua_family == "Safari" || ua_family.starts_with("Mobile Safari")) return "Safari";
  if (ua_family.starts_with("Edge")) return "Edge";
  if (In(ua_family, {"IE", "IE Mobile", "IE Large Screen"})) return "IE";
  if (ua_family.starts_with("Opera")) return "Opera";
  if (ua_family.starts_with("UC Browser")) return "UC Browser";
  if (ua_family.starts_with("QQ Browser")) return "QQ Browser";
  if (ua_family == "Other") return "unknown";
  return ua_family;
}

struct VendorEntry {
  Names keys;
  std::string_view vendor;
};

const VendorEntry kBrowserVendors[] = {
    {{"Chrome", "Googlebot", "AdsBot-Google", "Mediapartners-Google", "Google"}, "Google Inc."},
    {{"Firefox", "Thunderbird"}, "Mozilla Foundation"},
    {{"Safari", "Apple Mail", "Applebot"}, "Apple Inc."},
    {{"Edge", "IE", "Outlook", "Windows Live Mail", "bingbot", "BingPreview"},
     "Microsoft Corporation"},
    {{"Opera"}, "Opera Software ASA"},
    {{"Samsung Internet"}, "Samsung Electronics Co., Ltd."},
    {{"UC Browser"}, "UCWeb Inc."},
    {{"Yandex Browser", "YandexBot"}, "Yandex LLC"},
    {{"Vivaldi"}, "Vivaldi Technologies AS"},
    {{"Brave"}, "Brave Software, Inc."},
    {{"Amazon Silk"}, "Amazon.com, Inc."},
    {{"Baidu Browser", "Baiduspider"}, "Baidu, Inc."},
    {{"DuckDuckBot", "DuckDuckGo Mobile"}, "DuckDuckGo, Inc."},
    {{"Facebook", "Facebook Messenger", "FacebookBot", "facebookexternalhit", "Instagram"},
     "Meta Platforms, Inc."},
    {{"QQ Browser"}, "Tencent Holdings Ltd."},
};

// The OS vendor keyed by uap's `os.family` (looked up first)...
const VendorEntry kOsFamilyVendors[] = {
    {{"Chrome OS"}, "Google, Inc."},
    {{"Ubuntu", "Kubuntu", "Xubuntu", "Lubuntu"}, "Canonical Ltd."},
    {{"Fedora", "Red Hat", "CentOS"}, "Red Hat, Inc."},
    {{"SUSE", "openSUSE"}, "SUSE LLC"},
    {{"KaiOS"}, "KaiOS Technologies Inc."},
};

// ... then by Divolte's osFamily.
const VendorEntry kOsVendors[] = {
    {{"Windows"}, "Microsoft Corporation"}, {{"OS X", "Mac OS", "iOS"}, "Apple Computer, Inc."},
    {{"Android"}, "Google, Inc."},          {{"RIM OS"}, "BlackBerry Limited"},
    {{"Symbian OS"}, "Nokia Corporation"},  {{"Tizen"}, "Samsung Electronics Co., Ltd."},
    {{"webOS"}, "LG Electronics Inc."},     {{"Firefox OS"}, "Mozilla Foundation"},
    {{"Solaris"}, "Oracle Corporation"},    {{"Nintendo"}, "Nintendo Co., Ltd."},
};

template <size_t N>
const std::string_view* FindVendor(const VendorEntry (&table)[N], std::string_view key) {
  for (const VendorEntry& entry : table) {
    if (In(key, entry.keys)) return &entry.vendor;
  }
  return nullptr;
}

std::string_view OsFamily(std::string_view os) {
  if (os.starts_with("Windows")) return "Windows";
  if (In(os, {"Mac OS X", "macOS"})) return "OS X";
  if (os == "Mac OS") return "Mac OS";
  if (In(os, {"iOS", "iPadOS", "tvOS", "watchOS", "WatchOS", "ATV OS X"})) return "iOS";
  if (os == "Android") return "Android";
  if (In(os, {"Chrome OS", "Linux",     "Ubuntu",   "Kubuntu", "Xubuntu",    "Lubuntu",
              "Debian",    "Fedora",    "Red Hat",  "CentOS",  "SUSE",       "openSUSE",
              "Gentoo",    "Slackware", "Mandriva", "Mint",    "Linux Mint", "Arch Linux",
              "Maemo",     "MeeGo",     "Sailfish", "KaiOS",   "Chromecast", "FireHbbTV"})) {
    return "Linux";
  }
  if (In(os, {"FreeBSD", "OpenBSD", "NetBSD", "DragonFly BSD"})) return "BSD";
  if (In(os, {"Solaris", "SunOS"})) return "Solaris";
  if (In(os, {"BlackBerry OS", "BlackBerry Tablet OS", "BlackBerry"})) return "RIM OS";
  if (os.starts_with("Symbian")) return "Symbian OS";
  if (os == "Tizen") return "Tizen";
  if (In(os, {"webOS", "WebOS", "Web0S"})) return "webOS";
  if (os == "Firefox OS") return "Firefox OS";
  if (os == "Bada") return "Bada";
  if (os == "BeOS") return "BeOS";
  if (os == "Haiku") return "Haiku OS";
  if (In(os, {"OS/2", "AIX", "HP-UX", "IRIX", "QNX", "MorphOS", "Palm OS"})) return os;
  if (os.starts_with("Nintendo")) return "Nintendo";
  return "";
}

// major.minor.patch.patch_minor up to the first missing part (enrich.md §3.3).
std::string Version(const UapResult::Agent& agent) {
  std::string version;
  for (const std::string* part : {&agent.major, &agent.minor, &agent.patch, &agent.patch_minor}) {
    if (part->empty()) break;
    if (!version.empty()) version += '.';
    version += *part;
  }
  return version;
}

bool IsSmartTv(const UapResult& result, std::string_view user_agent) {
  static const RE2 kTvWords(
      "(?i)smart-?tv|hbbtv|netcast|bravia|googletv|android tv|appletv|apple tv|\\btvos\\b|"
      "\\bcrkey\\b|\\broku\\b|web0s|webos\\.tv");
  static const RE2 kFireTv("\\bAFT[A-Z]");
  const re2::StringPiece text(user_agent.data(), user_agent.size());
  return result.device.brand == "Generic_Inettv" || RE2::PartialMatch(text, kTvWords) ||
         RE2::PartialMatch(text, kFireTv);
}

std::string_view DeviceCategory(const UapResult& result, std::string_view user_agent,
                                std::string_view name, std::string_view os_family) {
  const UapResult::Device& device = result.device;
  const std::string& os = result.os.family;
  if (device.family == "Spider") return "Other";
  if (user_agent.find("PlayStation") != std::string_view::npos ||
      user_agent.find("Xbox") != std::string_view::npos ||
      user_agent.find("Nintendo") != std::string_view::npos || device.brand == "Nintendo") {
    return "Game console";
  }
  if (IsSmartTv(result, user_agent)) return "Smart TV";
  if (os == "watchOS" || os == "WatchOS" || user_agent.find("Wear OS") != std::string_view::npos) {
    return "Wearable computer";
  }
  if (In(device.family, {"iPad", "Generic Tablet"}) || device.family.starts_with("Kindle") ||
      device.brand == "Generic_Android_Tablet" || ContainsIgnoreCase(user_agent, "tablet") ||
      (os == "Android" && user_agent.find("Mobile") == std::string_view::npos)) {
    return "Tablet";
  }
  if (In(device.family,
         {"iPhone", "iPod", "iPod Touch", "Generic Smartphone", "Generic Feature Phone"}) ||
      device.brand == "Generic_Android" ||
      In(os_family, {"iOS", "Android", "RIM OS", "Symbian OS", "Firefox OS"}) ||
      StartsWithAny(os, {"Windows Phone", "Windows Mobile"}) || os == "KaiOS") {
    return "Smartphone";
  }
  if (IsLibrary(name)) return "Other";
  if (In(os_family, {"Windows", "OS X", "Mac OS", "Linux", "BSD", "Solaris"}) ||
      device.family == "Mac") {
    return "Personal computer";
  }
  return "";
}

std::string_view Type(const UapResult& result, std::string_view name,
                      std::string_view device_category) {
  if (result.device.family == "Spider") return "Robot";
  if (IsLibrary(name)) return "Library";
  if (IsEmailClient(name) && device_category != "Game console" && device_category != "Smart TV") {
    return "Email client";
  }
  if (IsMediaPlayer(name)) return "Multimedia Player";
  if (name == "unknown") return "";
  if (In(device_category, {"Smartphone", "Tablet", "Wearable computer"})) return "Mobile Browser";
  return "Browser";
}

}  // namespace

void TranslateUserAgent(const UapResult& result, std::string_view user_agent,
                        UserAgentFields* fields) {
  auto& v = fields->values;
  for (std::string& value : v) value.clear();
  const bool matched_nothing = result.user_agent.family == "Other" && result.os.family == "Other" &&
                               result.device.family == "Other";
  if (matched_nothing) {  // enrich.md §3.4
    v[UserAgentFields::kName] = "unknown";
    v[UserAgentFields::kFamily] = "unknown";
    return;
  }
  const std::string& ua_family = result.user_agent.family;
  v[UserAgentFields::kName] = ua_family == "Other" ? "unknown" : ua_family;
  const std::string_view family = Family(ua_family);
  v[UserAgentFields::kFamily] = family;
  const std::string_view* vendor = FindVendor(kBrowserVendors, family);
  if (vendor == nullptr) vendor = FindVendor(kBrowserVendors, v[UserAgentFields::kName]);
  if (vendor != nullptr) v[UserAgentFields::kVendor] = *vendor;
  v[UserAgentFields::kVersion] = Version(result.user_agent);

  const std::string_view os_family = OsFamily(result.os.family);
  v[UserAgentFields::kOsFamily] = os_family;
  v[UserAgentFields::kOsVersion] = Version(result.os);
  const std::string_view* os_vendor = FindVendor(kOsFamilyVendors, result.os.family);
  if (os_vendor == nullptr) os_vendor = FindVendor(kOsVendors, os_family);
  if (os_vendor != nullptr) v[UserAgentFields::kOsVendor] = *os_vendor;

  const std::string_view category =
      DeviceCategory(result, user_agent, v[UserAgentFields::kName], os_family);
  v[UserAgentFields::kDeviceCategory] = category;
  v[UserAgentFields::kType] = Type(result, v[UserAgentFields::kName], category);
}

}  // namespace divolte::enrich
