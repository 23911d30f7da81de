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

namespace alarmd::notify {

std::string make_message_text(std::string_view type, std::uint64_t seq, std::string_view body) {
    std::string out;
    out.reserve(body.size() + type.size() + 32);
    out.append(R"({"type":")").append(type).append(R"(","seq":)").append(std::to_string(seq));
    if (body.size() > 2) {
        out.push_back(',');
        out.append(body.substr(1));  // the body's members and its closing brace
    } else {
        out.push_back('}');
    }
    return out;
}

}  // namespace alarmd::notify
