#include "daemon/config/file_text.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

namespace alarmd::config::detail {

namespace {

[[nodiscard]] std::string size_text(std::uintmax_t bytes) {
    if (bytes % (1024 * 1024) == 0) {
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    }
    if (bytes % 1024 == 0) {
        return std::to_string(bytes / 1024) + " KiB";
    }
    return std::to_string(bytes) + " bytes";
}

}  // namespace

std::optional<std::string> read_text(const std::filesystem::path& p, std::uintmax_t max_bytes,
                                     std::string& why) {
    std::error_code ec;
    const auto status = std::filesystem::status(p, ec);
    if (ec || !std::filesystem::exists(status)) {
        why = "no such file";
        return std::nullopt;
    }
    if (!std::filesystem::is_regular_file(status)) {
        why = "not a regular file";
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(p, ec);
    if (ec || size > max_bytes) {
        why = ec ? ec.message() : "larger than " + size_text(max_bytes);
        return std::nullopt;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in.is_open()) {
        why = "cannot open it (permissions?)";
        return std::nullopt;
    }
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        why = "read error";
        return std::nullopt;
    }
    return text;
}

std::filesystem::path beside_config(const std::string& base_dir, const std::string& written) {
    std::filesystem::path p(written);
    if (p.is_relative() && !base_dir.empty()) {
        p = std::filesystem::path(base_dir) / p;
    }
    return p;
}

}  // namespace alarmd::config::detail
