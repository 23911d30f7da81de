#include "daemon/http/gzip.hpp"

#include <zlib.h>

namespace alarmd::http {

namespace {

// windowBits 15 plus 16: a gzip header and trailer instead of zlib's.
constexpr int gzip_window = 15 + 16;
constexpr int memory_level = 9;

}  // namespace

std::optional<std::string> gzip(std::string_view data) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, gzip_window, memory_level,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return std::nullopt;
    }
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> gunzip(std::string_view data) {
    z_stream z{};
    if (inflateInit2(&z, gzip_window) != Z_OK) {
        return std::nullopt;
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char chunk[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            break;  // truncated
        }
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        return std::nullopt;
    }
    return out;
}

}  // namespace alarmd::http
