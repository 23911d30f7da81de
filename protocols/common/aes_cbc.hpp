#pragma once
// AES in CBC mode without cipher-level padding: the one crypto primitive the protocol codecs
// need (SIA DC-09 pads itself and uses a zero IV). libcrypto stays inside aes_cbc.cpp so no
// OpenSSL type leaks into the codecs.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::common {

inline constexpr std::size_t aes_block_size = 16;
using aes_iv = std::array<std::uint8_t, aes_block_size>;

enum class aes_errc {
    bad_key_size = 1,  // not 16, 24 or 32 bytes (AES-128/192/256)
    bad_input_size,    // not a whole number of 16-byte blocks
    cipher_failure,    // libcrypto refused the operation
};

[[nodiscard]] const boost::system::error_category& aes_category() noexcept;
[[nodiscard]] error_code make_error_code(aes_errc e) noexcept;

// Key size picks the AES variant. Empty input gives empty output.
[[nodiscard]] result<std::vector<std::uint8_t>> aes_cbc_encrypt(
    std::span<const std::uint8_t> key, const aes_iv& iv, std::span<const std::uint8_t> plaintext);
[[nodiscard]] result<std::vector<std::uint8_t>> aes_cbc_decrypt(
    std::span<const std::uint8_t> key, const aes_iv& iv, std::span<const std::uint8_t> ciphertext);

}  // namespace alarmd::protocols::common

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::common::aes_errc> : std::true_type {};
