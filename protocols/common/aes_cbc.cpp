#include "protocols/common/aes_cbc.hpp"

#include <openssl/evp.h>

#include <climits>
#include <memory>
#include <string>

namespace alarmd::protocols::common {
namespace {

class aes_category_impl final : public boost::system::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "alarmd.aes_cbc"; }

    [[nodiscard]] std::string message(int ev) const override {
        switch (static_cast<aes_errc>(ev)) {
            case aes_errc::bad_key_size:
                return "AES key is not 16, 24 or 32 bytes";
            case aes_errc::bad_input_size:
                return "AES-CBC input is not a whole number of 16-byte blocks";
            case aes_errc::cipher_failure:
                return "AES-CBC operation failed in libcrypto";
        }
        return "unknown AES-CBC error";
    }
};

struct ctx_deleter {
    void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
};

const EVP_CIPHER* cipher_for(std::size_t key_size) noexcept {
    switch (key_size) {
        case 16:
            return EVP_aes_128_cbc();
        case 24:
            return EVP_aes_192_cbc();
        case 32:
            return EVP_aes_256_cbc();
        default:
            return nullptr;
    }
}

result<std::vector<std::uint8_t>> run(bool encrypt, std::span<const std::uint8_t> key,
                                      const aes_iv& iv, std::span<const std::uint8_t> in) {
    const EVP_CIPHER* cipher = cipher_for(key.size());
    if (cipher == nullptr) {
        return make_error_code(aes_errc::bad_key_size);
    }
    // EVP takes int lengths; frames are far below that, but never let a size wrap.
    if (in.size() % aes_block_size != 0 || in.size() > static_cast<std::size_t>(INT_MAX)) {
        return make_error_code(aes_errc::bad_input_size);
    }
    std::vector<std::uint8_t> out(in.size());
    if (in.empty()) {
        return out;
    }
    std::unique_ptr<EVP_CIPHER_CTX, ctx_deleter> ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) {
        return make_error_code(aes_errc::cipher_failure);
    }
    const int enc = encrypt ? 1 : 0;
    if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data(), enc) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) {
        return make_error_code(aes_errc::cipher_failure);
    }
    int written = 0;
    const int in_size = static_cast<int>(in.size());
    if (EVP_CipherUpdate(ctx.get(), out.data(), &written, in.data(), in_size) != 1) {
        return make_error_code(aes_errc::cipher_failure);
    }
    int tail = 0;
    // With padding off and whole blocks in, Final writes nothing; it still checks the state.
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + written, &tail) != 1 ||
        static_cast<std::size_t>(written + tail) != in.size()) {
        return make_error_code(aes_errc::cipher_failure);
    }
    return out;
}

}  // namespace

const boost::system::error_category& aes_category() noexcept {
    static const aes_category_impl category;
    return category;
}

error_code make_error_code(aes_errc e) noexcept {
    return {static_cast<int>(e), aes_category()};
}

result<std::vector<std::uint8_t>> aes_cbc_encrypt(std::span<const std::uint8_t> key,
                                                  const aes_iv& iv,
                                                  std::span<const std::uint8_t> plaintext) {
    return run(true, key, iv, plaintext);
}

result<std::vector<std::uint8_t>> aes_cbc_decrypt(std::span<const std::uint8_t> key,
                                                  const aes_iv& iv,
                                                  std::span<const std::uint8_t> ciphertext) {
    return run(false, key, iv, ciphertext);
}

}  // namespace alarmd::protocols::common
