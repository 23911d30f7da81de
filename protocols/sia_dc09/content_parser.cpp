#include "protocols/sia_dc09/content_parser.hpp"

#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/timestamp.hpp"

namespace alarmd::protocols::sia_dc09::detail {

result<frame_body> parse_content(std::string_view text, const limits& lim) {
    frame_body body;
    // '[' and ']' delimit blocks and may not appear inside one (brief §5).
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
        return make_error_code(errc::bad_data);
    }
    const std::string_view data = text.substr(0, close);
    if (data.find('[') != std::string_view::npos) {
        return make_error_code(errc::bad_data);
    }
    body.data = data;
    text.remove_prefix(close + 1);

    while (!text.empty()) {
        if (text.front() == '_') {
            body.timestamp = parse_timestamp(text.substr(1));
            if (!body.timestamp) {
                return make_error_code(errc::bad_timestamp);
            }
            return body;
        }
        if (text.front() != '[') {
            return make_error_code(errc::bad_extended);
        }
        const std::size_t end = text.find(']');
        if (end == std::string_view::npos || end < 2) {
            return make_error_code(errc::bad_extended);
        }
        const std::string_view block = text.substr(1, end - 1);
        if (block.find('[') != std::string_view::npos) {
            return make_error_code(errc::bad_extended);
        }
        if (body.extended.size() >= lim.max_extended_blocks) {
            return make_error_code(errc::too_many_extended);
        }
        body.extended.push_back({block.front(), std::string{block.substr(1)}});
        text.remove_prefix(end + 1);
    }
    return body;
}

}  // namespace alarmd::protocols::sia_dc09::detail
