#pragma once
// The guard console's files, held in memory: a table built once from the folder's bytes (with
// a gzip copy and an ETag each) and the answer to a GET or HEAD for one of them. The table is
// the whitelist: a path it does not hold is 404, so nothing outside the folder (and no folder
// listing) is ever served, and the event loop never touches a file.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/http_server.hpp"

namespace alarmd::http {

struct static_file {
    std::string content_type;
    std::string body;
    std::string gzip;  // empty: served as it is (already compressed, or gzip saved nothing)
    std::string etag;  // strong, of body; the gzip copy's is this with "-gz" inside the quotes
    std::string gzip_etag;
};

class static_files {
public:
    // `files`: a path inside the folder ("index.html", "img/logo.svg") and its bytes. Files
    // whose extension has no known content type are left out. `csp`: the
    // Content-Security-Policy every answer carries.
    static_files(std::map<std::string, std::string> files, std::string csp);

    // The answer to a request whose target is not an API route: 200 (gzip when the client takes
    // it), 304 for a matching If-None-Match, 404 for a path the table does not hold, 405 for a
    // method other than GET and HEAD.
    [[nodiscard]] response serve(const request& req) const;

    [[nodiscard]] const static_file* find(std::string_view path) const;
    [[nodiscard]] std::size_t size() const { return files_.size(); }
    [[nodiscard]] std::size_t bytes() const;  // the files' bytes, gzip copies not counted
    [[nodiscard]] const std::string& csp() const { return csp_; }

private:
    std::map<std::string, static_file, std::less<>> files_;
    std::string csp_;
};

// "text/javascript; charset=utf-8" for "app.js"; empty for an extension not served.
[[nodiscard]] std::string_view content_type_of(std::string_view path);

// Whether an Accept-Encoding value takes gzip (q above 0, by name or by "*").
[[nodiscard]] bool accepts_gzip(std::string_view accept_encoding);

// Whether an If-None-Match value names `etag` (weak comparison, as RFC 9110 asks for it) or is "*".
[[nodiscard]] bool etag_matches(std::string_view if_none_match, std::string_view etag);

// The file a request target names: "/" is "index.html", "/app.js?v=2" is "app.js"; %XX decoded.
[[nodiscard]] std::string static_path_of(std::string_view target);

// The console's policy: everything from the page's own origin, images also from data: URLs and
// `img_origins` (camera snapshots), no framing, no <base>, forms only to itself.
[[nodiscard]] std::string console_csp(const std::vector<std::string>& img_origins);

}  // namespace alarmd::http
