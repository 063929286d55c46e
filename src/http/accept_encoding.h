#pragma once

// Accept-Encoding evaluation for the gzip variant of the tag (protocol.md §11, correction C9).
// Every `Accept-Encoding` line is split on `,`; an element's coding is the text before any `;`,
// trimmed and compared case-insensitively; its weight is the parameter `q=<qvalue>` (RFC 9110
// §12.4.2), 1 when absent. The first element whose coding is `gzip` and whose weight is
// well-formed decides; `*` and other codings never select gzip.

#include <span>

#include "http/request.h"

namespace divolte::http {

// True if the Accept-Encoding lines among `headers` accept gzip with a weight above 0.
bool AcceptsGzip(std::span<const HeaderField> headers);

}  // namespace divolte::http
