#include "protocols/sia_dc09/decrypt.hpp"

#include <string>

#include "protocols/common/aes_cbc.hpp"
#include "protocols/sia_dc09/content_parser.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/hex.hpp"

namespace alarmd::protocols::sia_dc09::detail {

bool valid_key_size(std::size_t size) noexcept {
    return size == 16 || size == 24 || size == 32;
}

result<frame_body> decrypt_content(std::string_view hex, std::span<const std::uint8_t> key,
                                   const limits& lim) {
    constexpr std::size_t hex_block = 2 * common::aes_block_size;
    if (hex.empty() || hex.size() % hex_block != 0) {
        return make_error_code(errc::bad_ciphertext);
    }
    const auto cipher = decode_hex(hex);
    if (!cipher) {
        return make_error_code(errc::bad_ciphertext);
    }
    if (!valid_key_size(key.size())) {
        return make_error_code(errc::bad_key);
    }
    const auto plain = common::aes_cbc_decrypt(key, common::aes_iv{}, *cipher);
    if (!plain) {
        return make_error_code(errc::decrypt_failed);
    }
    const std::string text(plain->begin(), plain->end());

    // The pad ends at the first '|'; some panels (PYS case_null, NLT) send pad]_ts without '|',
    // so ']' also ends it and then starts the (empty) data's closing bracket.
    const std::size_t sep = text.find_first_of("|]");
    if (sep == std::string::npos) {
        return make_error_code(errc::decrypt_failed);
    }
    if (text.find('[') < sep) {
        return make_error_code(errc::decrypt_failed);  // pad bytes never contain '[' (SDN, JVO)
    }
    const std::string_view content =
        std::string_view{text}.substr(text[sep] == '|' ? sep + 1 : sep);
    auto body = parse_content(content, lim);
    if (!body) {
        // A limit stays a limit; every other shape error means the key or the bytes are wrong.
        if (body.error() == errc::too_many_extended) {
            return body.error();
        }
        return make_error_code(errc::decrypt_failed);
    }
    if (!body->timestamp) {
        return make_error_code(errc::missing_timestamp);  // it is the replay protection
    }
    body->pad_size = sep;
    return body;
}

}  // namespace alarmd::protocols::sia_dc09::detail
