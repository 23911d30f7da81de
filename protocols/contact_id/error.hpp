#pragma once
// Why Contact ID data (ADM-CID, "#acct|QEEE GG CCC") did not decode.
#include <type_traits>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::contact_id {

enum class errc {
    bad_account = 1,  // "#..." part not 1-16 hex digits followed by '|'
    bad_length,       // event part not exactly 11 characters "QEEE GG CCC"
    bad_qualifier,    // Q not 1 (new), 3 (restore) or 6 (status)
    bad_event_code,   // EEE not 3 decimal digits
    bad_separator,    // no single space after EEE or after GG
    bad_partition,    // GG not 2 decimal digits
    bad_zone,         // CCC not 3 decimal digits
};

[[nodiscard]] const boost::system::error_category& category() noexcept;
[[nodiscard]] error_code make_error_code(errc e) noexcept;

}  // namespace alarmd::protocols::contact_id

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::contact_id::errc> : std::true_type {};
