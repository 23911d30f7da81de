#include "protocols/sia_dc09/error.hpp"

#include "protocols/common/error_category.hpp"

namespace alarmd::protocols::sia_dc09 {
namespace {

const char* describe(errc e) noexcept {
    switch (e) {
        case errc::bad_crc:
            return "CRC field unreadable or does not match";
        case errc::bad_length:
            return "length field unreadable or does not match";
        case errc::not_a_frame:
            return "not a LF ... CR frame";
        case errc::truncated:
            return "frame shorter than its header";
        case errc::frame_too_large:
            return "frame body longer than the limit";
        case errc::bad_token:
            return "bad id token";
        case errc::bad_sequence:
            return "bad sequence number";
        case errc::bad_receiver:
            return "bad receiver number";
        case errc::bad_line:
            return "bad line prefix";
        case errc::bad_account:
            return "bad account";
        case errc::bad_data:
            return "bad message data block";
        case errc::bad_extended:
            return "bad extended data block";
        case errc::too_many_extended:
            return "too many extended data blocks";
        case errc::bad_timestamp:
            return "bad timestamp";
        case errc::unknown_account:
            return "no key for the account of an encrypted message";
        case errc::bad_key:
            return "account key is not 16, 24 or 32 bytes";
        case errc::bad_ciphertext:
            return "encrypted field is not hex AES blocks";
        case errc::decrypt_failed:
            return "decryption failed (wrong key or corrupt message)";
        case errc::missing_timestamp:
            return "encrypted message without timestamp";
        case errc::stale_timestamp:
            return "timestamp older than the accepted window";
        case errc::future_timestamp:
            return "timestamp later than the accepted window";
        case errc::unsupported_token:
            return "id token not supported by this receiver";
        case errc::not_a_request:
            return "frame is a receiver response";
    }
    return "unknown SIA DC-09 error";
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const enum_category<errc> instance("alarmd.sia_dc09", describe);
    return instance;
}

error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace alarmd::protocols::sia_dc09
