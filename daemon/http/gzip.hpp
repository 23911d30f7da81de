#pragma once
// gzip (RFC 1952) of a whole buffer, for the console's files: compressed once when they are
// loaded, never per request.
#include <optional>
#include <string>
#include <string_view>

namespace alarmd::http {

// The gzip stream of `data` at the best compression, or nullopt if zlib fails (out of memory).
[[nodiscard]] std::optional<std::string> gzip(std::string_view data);

// The bytes of a gzip stream, or nullopt when it is not one (tests read back what was served).
[[nodiscard]] std::optional<std::string> gunzip(std::string_view data);

}  // namespace alarmd::http
