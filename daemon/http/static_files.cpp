#include "daemon/http/static_files.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <utility>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "daemon/http/gzip.hpp"
#include "daemon/sys/hex.hpp"
#include "daemon/sys/token_book.hpp"

namespace alarmd::http {
namespace bhttp = boost::beast::http;

namespace {

struct type_entry {
    std::string_view extension;
    std::string_view type;
    bool compress;  // text compresses; images and fonts already are
};

constexpr std::array<type_entry, 15> types{{
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},
    {".webmanifest", "application/manifest+json", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".svg", "image/svg+xml", true},
    {".ico", "image/x-icon", true},
    {".png", "image/png", false},
    {".jpg", "image/jpeg", false},
    {".jpeg", "image/jpeg", false},
    {".webp", "image/webp", false},
    {".woff2", "font/woff2", false},
    {".wav", "audio/wav", false},
}};

const type_entry* type_of(std::string_view path) {
    const auto slash = path.rfind('/');
    const auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) {
        return nullptr;
    }
    std::string ext(name.substr(dot));
    for (auto& c : ext) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const auto& t : types) {
        if (t.extension == ext) {
            return &t;
        }
    }
    return nullptr;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// Each comma-separated item of a header value, trimmed; empty items skipped.
template <class Fn>
void for_each_item(std::string_view value, Fn fn) {
    while (!value.empty()) {
        const auto comma = value.find(',');
        const auto item = trim(value.substr(0, comma));
        if (!item.empty()) {
            fn(item);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
}

// The q of "gzip;q=0.5" (1 when absent; 0 for one that cannot be read, to be safe).
double quality(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        const auto p = trim(params.substr(0, semi));
        if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            const auto v = p.substr(2);
            // "0", "0.000", "1", "0.5": only whether it is above zero matters.
            if (v.empty() || (v[0] != '0' && v[0] != '1')) {
                return 0;
            }
            for (char c : v) {
                if (c != '0' && c != '.') {
                    return 1;
                }
            }
            return 0;
        }
        if (semi == std::string_view::npos) {
            break;
        }
        params.remove_prefix(semi + 1);
    }
    return 1;
}

std::string etag_of(std::string_view body) {
    // 80 bits of SHA-256: an upgrade that changes a file changes its tag.
    return "\"" + sys::sha256_hex(body).substr(0, 20) + "\"";
}

void security_headers(response& res, const std::string& csp) {
    res.set(bhttp::field::server, "alarmd");
    res.set("Content-Security-Policy", csp);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
}

response plain(unsigned status, std::string_view text, unsigned version, const std::string& csp) {
    response res{static_cast<bhttp::status>(status), version};
    security_headers(res, csp);
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    res.set(bhttp::field::cache_control, "no-store");
    res.body() = std::string(text);
    res.prepare_payload();
    return res;
}

}  // namespace

std::string_view content_type_of(std::string_view path) {
    const auto* t = type_of(path);
    return t == nullptr ? std::string_view{} : t->type;
}

bool accepts_gzip(std::string_view accept_encoding) {
    std::optional<bool> named;
    bool any = false;
    for_each_item(accept_encoding, [&](std::string_view item) {
        const auto semi = item.find(';');
        const auto coding = trim(item.substr(0, semi));
        const bool ok = quality(semi == std::string_view::npos ? std::string_view{}
                                                               : item.substr(semi + 1)) > 0;
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
            named = named.value_or(false) || ok;
        } else if (coding == "*") {
            any = ok;
        }
    });
    return named.value_or(any);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    bool match = false;
    auto opaque = [](std::string_view t) { return t.starts_with("W/") ? t.substr(2) : t; };
    for_each_item(if_none_match, [&](std::string_view item) {
        match = match || item == "*" || opaque(item) == opaque(etag);
    });
    return match;
}

std::string static_path_of(std::string_view target) {
    auto path = target.substr(0, target.find_first_of("?#"));
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size() && sys::hex_value(path[i + 1]) >= 0 &&
            sys::hex_value(path[i + 2]) >= 0) {
            out.push_back(
                static_cast<char>(sys::hex_value(path[i + 1]) * 16 + sys::hex_value(path[i + 2])));
            i += 2;
        } else {
            out.push_back(path[i]);
        }
    }
    if (out.starts_with('/')) {
        out.erase(0, 1);
    }
    return out.empty() ? "index.html" : out;
}

std::string console_csp(const std::vector<std::string>& img_origins) {
    std::string img = "'self' data:";
    for (const auto& o : img_origins) {
        img += ' ';
        img += o;
    }
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
           "; connect-src 'self'; media-src 'self'; object-src 'none'; frame-ancestors 'none'; "
           "base-uri 'none'; form-action 'self'";
}

static_files::static_files(std::map<std::string, std::string> files, std::string csp)
    : csp_(std::move(csp)) {
    for (auto& [path, body] : files) {
        const auto* t = type_of(path);
        if (t == nullptr) {
            continue;
        }
        static_file f;
        f.content_type = std::string(t->type);
        f.etag = etag_of(body);
        if (t->compress) {
            auto packed = gzip(body);
            if (packed && packed->size() < body.size()) {
                f.gzip = std::move(*packed);
                f.gzip_etag = f.etag.substr(0, f.etag.size() - 1) + "-gz\"";
            }
        }
        f.body = std::move(body);
        files_.emplace(path, std::move(f));
    }
}

const static_file* static_files::find(std::string_view path) const {
    const auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
}

std::size_t static_files::bytes() const {
    std::size_t n = 0;
    for (const auto& [path, f] : files_) {
        n += f.body.size();
    }
    return n;
}

response static_files::serve(const request& req) const {
    const auto version = req.version();
    const auto* f = find(static_path_of(req.target()));
    if (f == nullptr) {
        return plain(404, "not found\n", version, csp_);
    }
    const bool head = req.method() == bhttp::verb::head;
    if (!head && req.method() != bhttp::verb::get) {
        auto res = plain(405, "method not allowed\n", version, csp_);
        res.set(bhttp::field::allow, "GET, HEAD");
        return res;
    }
    const bool packed = !f->gzip.empty() && accepts_gzip(req[bhttp::field::accept_encoding]);
    const auto& etag = packed ? f->gzip_etag : f->etag;
    const auto inm = req.find(bhttp::field::if_none_match);
    const bool fresh = inm != req.end() && etag_matches(inm->value(), etag);

    response res{fresh ? bhttp::status::not_modified : bhttp::status::ok, version};
    security_headers(res, csp_);
    // Revalidated on every use: an upgrade is seen at once, and the ETag makes it a 304.
    res.set(bhttp::field::cache_control, "no-cache");
    res.set(bhttp::field::etag, etag);
    if (!f->gzip.empty()) {
        res.set(bhttp::field::vary, "Accept-Encoding");
    }
    if (fresh) {
        return res;
    }
    res.set(bhttp::field::content_type, f->content_type);
    if (packed) {
        res.set(bhttp::field::content_encoding, "gzip");
    }
    const auto& body = packed ? f->gzip : f->body;
    if (head) {
        res.content_length(body.size());
    } else {
        res.body() = body;
        res.prepare_payload();
    }
    return res;
}

}  // namespace alarmd::http
