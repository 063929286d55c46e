#include "sources/request_snapshot.h"

#include "base/clock.h"
#include "base/strings.h"
#include "event/ip_address.h"

namespace divolte::sources {

RequestSnapshot::RequestSnapshot(bool use_x_forwarded_for, event::SourceStats& stats,
                                 std::string_view component)
    : use_x_forwarded_for_(use_x_forwarded_for), stats_(stats), logger_(component) {}

void RequestSnapshot::Take(const http::Request& request, event::Event* event) {
  event->arrival_ms = base::WallMillis();
  event->arrival_steady = request.head_complete;
  event->remote_host = RemoteHost(request);
  size_t header_bytes = 0;
  for (const http::HeaderField& header : request.headers) {
    header_bytes += header.name.size() + header.value.size();
  }
  event->ReserveHeaders(request.headers.size(), header_bytes);
  for (const http::HeaderField& header : request.headers) {
    if (header.field == http::Field::user_agent && !event->user_agent()) {
      event->SetUserAgentLine(event->header_count());
    }
    event->AddHeader(header.name, header.value);
  }
}

// protocol.md §13: the last X-Forwarded-For line, when enabled and valid; else the peer.
std::string RequestSnapshot::RemoteHost(const http::Request& request) {
  if (use_x_forwarded_for_) {
    const http::HeaderField* last = nullptr;
    for (const http::HeaderField& header : request.headers) {
      if (base::EqualsIgnoreCase(header.name, "X-Forwarded-For")) last = &header;
    }
    if (last != nullptr) {
      if (const auto forwarded = event::ForwardedForAddress(last->value)) {
        return forwarded->Render();
      }
      stats_.forwarded_for_invalid.Increment();
      uint64_t suppressed = 0;
      if (forwarded_for_log_limiter_.Allow(&suppressed)) {
        logger_.Warn("{}", base::WithSuppressed("Ignoring invalid X-Forwarded-For value: '" +
                                                    std::string(last->value) + "'",
                                                suppressed));
      }
    }
  }
  return event::IpAddress::FromSockaddr(request.peer->get()).Render();
}

}  // namespace divolte::sources
