#include "daemon/notify/ws_message.hpp"

#include <boost/json/serialize.hpp>

namespace alarmd::notify {

std::string make_message(std::string_view type, std::uint64_t seq, boost::json::object body) {
    boost::json::object msg;
    msg.reserve(body.size() + 2);
    msg["type"] = type;
    msg["seq"] = seq;
    for (auto& kv : body) {
        msg[kv.key()] = std::move(kv.value());
    }
    return boost::json::serialize(msg);
}

}  // namespace alarmd::notify
