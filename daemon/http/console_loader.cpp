#include "daemon/http/console_loader.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <system_error>

#include "daemon/config/origin.hpp"
#include "daemon/http/static_files.hpp"

namespace alarmd::http {

namespace fs = std::filesystem;

namespace {

// A console is a few hundred KiB; these only stop a wrong folder (/, a home) from being read.
constexpr std::size_t max_files = 512;
constexpr std::uintmax_t max_file_bytes = 4 * 1024 * 1024;
constexpr std::uintmax_t max_total_bytes = 32 * 1024 * 1024;
constexpr int max_depth = 4;
constexpr std::size_t max_camera_origins = 64;

bool plain_name(const std::string& name) {
    if (name.empty() || name.front() == '.') {
        return false;
    }
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool read_file(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in.is_open()) {
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

// The origin of an http(s) URL ("https://nvr.example:7001/snap/1.jpg" -> its scheme://host:port).
std::optional<std::string> origin_of_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        return std::nullopt;
    }
    const auto path = url.find_first_of("/?#", scheme_end + 3);
    return config::normalize_origin(std::string_view(url).substr(0, path));
}

}  // namespace

std::vector<std::string> camera_origins(const config::config& cfg) {
    std::set<std::string> found;
    auto add = [&found](const std::map<std::string, config::zone_info>& zones) {
        for (const auto& [id, z] : zones) {
            for (const auto& cam : z.cameras) {
                if (found.size() < max_camera_origins) {
                    if (auto o = origin_of_url(cam)) {
                        found.insert(std::move(*o));
                    }
                }
            }
        }
    };
    for (const auto& d : cfg.devices) {
        add(d.zones);
        add(d.points);
    }
    return {found.begin(), found.end()};
}

console_load load_console(const config::config& cfg) {
    const auto& server = cfg.server;
    if (!server.console) {
        return {};
    }
    if (server.console_dir.empty()) {
        return {nullptr, "no console folder (server.console_dir)"};
    }
    const fs::path root(server.console_dir);
    std::map<std::string, std::string> files;
    std::uintmax_t total = 0;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        return {nullptr, "cannot read '" + root.string() + "': " + ec.message()};
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            return {nullptr, "cannot read '" + root.string() + "': " + ec.message()};
        }
        const auto& entry = *it;
        const auto name = entry.path().filename().string();
        if (!plain_name(name)) {
            if (entry.is_directory(ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (entry.is_directory(ec)) {
            if (it.depth() + 1 >= max_depth) {
                it.disable_recursion_pending();
            }
            continue;
        }
        const auto rel = entry.path().lexically_relative(root).generic_string();
        if (!entry.is_regular_file(ec) || content_type_of(rel).empty()) {
            continue;
        }
        const auto size = entry.file_size(ec);
        if (ec || size > max_file_bytes || total + size > max_total_bytes ||
            files.size() == max_files) {
            return {nullptr, "'" + root.string() + "' is too big for a console (at most " +
                                 std::to_string(max_files) + " files, 4 MiB each, 32 MiB in all)"};
        }
        std::string body;
        if (!read_file(entry.path(), body)) {
            return {nullptr, "cannot read '" + entry.path().string() + "'"};
        }
        total += body.size();
        files.emplace(rel, std::move(body));
    }
    if (files.find("index.html") == files.end()) {
        return {nullptr, "no index.html in '" + root.string() + "'"};
    }
    return {
        std::make_shared<const static_files>(std::move(files), console_csp(camera_origins(cfg))),
        {}};
}

}  // namespace alarmd::http
