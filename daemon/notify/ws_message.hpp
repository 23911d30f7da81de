#pragma once
// Serializes a server -> client message: `type` and `seq` first, then the body's members.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace alarmd::notify {

[[nodiscard]] std::string make_message(std::string_view type, std::uint64_t seq,
                                       boost::json::object body);
// The same from a body already serialized (a JSON object's text).
[[nodiscard]] std::string make_message_text(std::string_view type, std::uint64_t seq,
                                            std::string_view body);

}  // namespace alarmd::notify
