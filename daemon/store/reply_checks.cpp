#include "daemon/store/reply_checks.hpp"

#include <algorithm>

#include <boost/asio/error.hpp>

namespace alarmd::store {

boost::system::error_code checked(boost::system::error_code ec, const redis_reply& r) {
    if (ec) {
        return ec;
    }
    // A transaction's answer is an array of its commands' answers: EXEC succeeds as a whole even
    // when one command in it failed as it ran, and that command's write did not happen.
    const bool failed =
        r.is_error() || std::any_of(r.elements.begin(), r.elements.end(),
                                    [](const redis_reply& e) { return e.is_error(); });
    if (failed) {
        return boost::asio::error::make_error_code(boost::asio::error::invalid_argument);
    }
    return ec;
}

std::vector<std::string> strings_of(const redis_reply& r) {
    std::vector<std::string> out;
    out.reserve(r.elements.size());
    for (const auto& e : r.elements) {
        if (e.type == redis_reply::kind::string) {
            out.push_back(e.str);
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> pairs_of(const redis_reply& r) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(r.elements.size() / 2);
    for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
        out.emplace_back(r.elements[i].str, r.elements[i + 1].str);
    }
    return out;
}

}  // namespace alarmd::store
