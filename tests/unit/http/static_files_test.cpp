// The console's file table: content types, ETag and 304, the gzip choice, and that nothing but
// the table's own paths is ever answered (unknown paths, traversal, folders).
#include "daemon/http/static_files.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>

#include "daemon/http/gzip.hpp"

namespace alarmd::http {
namespace {

namespace bhttp = boost::beast::http;

const std::string script(4000, 'x');  // compresses well

static_files table() {
    return static_files({{"index.html", "<!doctype html><p>hi</p>"},
                         {"app.js", script},
                         {"img/logo.png", std::string("\x89PNG\r\n\x1a\n", 8)},
                         {"notes.md", "# not served"},
                         {"Makefile", "not served"}},
                        console_csp({}));
}

request get(std::string target, std::string accept_encoding = {}, std::string if_none_match = {},
            bhttp::verb method = bhttp::verb::get) {
    request req{method, target, 11};
    if (!accept_encoding.empty()) {
        req.set(bhttp::field::accept_encoding, accept_encoding);
    }
    if (!if_none_match.empty()) {
        req.set(bhttp::field::if_none_match, if_none_match);
    }
    return req;
}

TEST(StaticFiles, ContentTypesByExtension) {
    EXPECT_EQ(content_type_of("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(content_type_of("app.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type_of("style.CSS"), "text/css; charset=utf-8");
    EXPECT_EQ(content_type_of("img/a.svg"), "image/svg+xml");
    EXPECT_EQ(content_type_of("img/a.png"), "image/png");
    EXPECT_EQ(content_type_of("a.jpeg"), "image/jpeg");
    EXPECT_EQ(content_type_of("notes.md"), "");
    EXPECT_EQ(content_type_of("Makefile"), "");
    EXPECT_EQ(content_type_of(".js"), "");  // a hidden name, not an extension
    EXPECT_EQ(content_type_of("dir.js/file"), "");

    const auto t = table();
    EXPECT_EQ(t.size(), 3U);  // notes.md and Makefile are left out
    EXPECT_EQ(t.serve(get("/")).at(bhttp::field::content_type), "text/html; charset=utf-8");
    EXPECT_EQ(t.serve(get("/app.js")).at(bhttp::field::content_type),
              "text/javascript; charset=utf-8");
    EXPECT_EQ(t.serve(get("/img/logo.png")).at(bhttp::field::content_type), "image/png");
}

TEST(StaticFiles, EveryAnswerCarriesThePolicyHeaders) {
    const auto t = table();
    for (const auto* target : {"/", "/app.js", "/missing.js"}) {
        const auto res = t.serve(get(target));
        EXPECT_EQ(res.at("X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(res.at("Referrer-Policy"), "no-referrer") << target;
        const std::string csp(res.at("Content-Security-Policy"));
        for (const auto* part :
             {"default-src 'self'", "script-src 'self'", "style-src 'self'",
              "img-src 'self' data:;", "connect-src 'self'", "frame-ancestors 'none'",
              "base-uri 'none'", "form-action 'self'", "object-src 'none'"}) {
            EXPECT_NE(csp.find(part), std::string::npos) << part << " in " << csp;
        }
    }
    const auto ok = t.serve(get("/index.html"));
    EXPECT_EQ(ok.result_int(), 200);
    EXPECT_EQ(ok.at(bhttp::field::cache_control), "no-cache");
    EXPECT_EQ(ok.body(), "<!doctype html><p>hi</p>");
}

TEST(StaticFiles, CameraOriginsJoinImgSrc) {
    const auto csp = console_csp({"https://nvr.example", "http://10.1.0.9:8000"});
    EXPECT_NE(csp.find("img-src 'self' data: https://nvr.example http://10.1.0.9:8000;"),
              std::string::npos)
        << csp;
}

TEST(StaticFiles, ETagAndIfNoneMatch) {
    const auto t = table();
    const auto first = t.serve(get("/app.js"));
    const std::string etag(first.at(bhttp::field::etag));
    ASSERT_EQ(etag.size(), 22U);
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(etag.back(), '"');

    for (const auto& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        const auto res = t.serve(get("/app.js", {}, inm));
        EXPECT_EQ(res.result_int(), 304) << inm;
        EXPECT_TRUE(res.body().empty());
        EXPECT_EQ(res.at(bhttp::field::etag), etag);
        EXPECT_EQ(res.at(bhttp::field::cache_control), "no-cache");
    }
    EXPECT_EQ(t.serve(get("/app.js", {}, "\"other\"")).result_int(), 200);
    // Another file's tag is not this one's.
    const std::string index_tag(t.serve(get("/")).at(bhttp::field::etag));
    EXPECT_NE(index_tag, etag);
    EXPECT_EQ(t.serve(get("/app.js", {}, index_tag)).result_int(), 200);
    // The same bytes give the same tag (a restart does not make every console reload).
    EXPECT_EQ(std::string(table().serve(get("/app.js")).at(bhttp::field::etag)), etag);
}

TEST(StaticFiles, GzipWhenTheClientTakesIt) {
    EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
    EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    EXPECT_TRUE(accepts_gzip("x-gzip"));
    EXPECT_TRUE(accepts_gzip("*"));
    EXPECT_FALSE(accepts_gzip(""));
    EXPECT_FALSE(accepts_gzip("identity"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));
    EXPECT_FALSE(accepts_gzip("*;q=0"));
    EXPECT_FALSE(accepts_gzip("br, deflate"));

    const auto t = table();
    const auto packed = t.serve(get("/app.js", "gzip, deflate"));
    EXPECT_EQ(packed.at(bhttp::field::content_encoding), "gzip");
    EXPECT_EQ(packed.at(bhttp::field::vary), "Accept-Encoding");
    EXPECT_LT(packed.body().size(), script.size());
    EXPECT_EQ(gunzip(packed.body()), script);

    const auto plain = t.serve(get("/app.js", "br"));
    EXPECT_EQ(plain.find(bhttp::field::content_encoding), plain.end());
    EXPECT_EQ(plain.at(bhttp::field::vary), "Accept-Encoding");
    EXPECT_EQ(plain.body(), script);
    // Each form has its own strong tag, and a 304 answers only its own.
    const std::string gz_tag(packed.at(bhttp::field::etag));
    const std::string tag(plain.at(bhttp::field::etag));
    EXPECT_NE(gz_tag, tag);
    EXPECT_EQ(t.serve(get("/app.js", "gzip", gz_tag)).result_int(), 304);
    EXPECT_EQ(t.serve(get("/app.js", "", gz_tag)).result_int(), 200);

    // A PNG is not compressed again, nor a file gzip would not make smaller.
    const auto png = t.serve(get("/img/logo.png", "gzip"));
    EXPECT_EQ(png.find(bhttp::field::content_encoding), png.end());
    EXPECT_EQ(png.find(bhttp::field::vary), png.end());
    const auto tiny = static_files({{"index.html", "<p>"}}, console_csp({}));
    EXPECT_EQ(tiny.find("index.html")->gzip, "");
}

TEST(StaticFiles, HeadHasTheHeadersAndNoBody) {
    const auto t = table();
    const auto res = t.serve(get("/app.js", "gzip", {}, bhttp::verb::head));
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_TRUE(res.body().empty());
    EXPECT_EQ(res.at(bhttp::field::content_length), std::to_string(t.find("app.js")->gzip.size()));
}

TEST(StaticFiles, OnlyTheTablesPathsAreAnswered) {
    const auto t = table();
    for (const auto* target :
         {"/missing.js", "/img", "/img/", "/notes.md", "/Makefile", "/../index.html",
          "/img/../app.js", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fapp.js", "//app.js", "/./app.js",
          "/app.js/", "/APP.JS", "/index.html%00.js", "/..\\app.js", "/etc/passwd",
          "/img%2flogo.png/.."}) {
        const auto res = t.serve(get(target));
        EXPECT_EQ(res.result_int(), 404) << target;
        EXPECT_EQ(res.at(bhttp::field::content_type), "text/plain; charset=utf-8");
        EXPECT_EQ(res.body(), "not found\n");
    }
    // Percent-encoding and a query do not change which file is meant.
    EXPECT_EQ(t.serve(get("/%61pp.js")).result_int(), 200);
    EXPECT_EQ(t.serve(get("/app.js?v=2")).result_int(), 200);
    EXPECT_EQ(t.serve(get("/img%2Flogo.png")).result_int(), 200);
    EXPECT_EQ(static_path_of("/"), "index.html");
    EXPECT_EQ(static_path_of("/?token=x"), "index.html");
    EXPECT_EQ(static_path_of("/a/b.js#x"), "a/b.js");
}

TEST(StaticFiles, OnlyGetAndHead) {
    const auto t = table();
    for (auto verb :
         {bhttp::verb::post, bhttp::verb::put, bhttp::verb::delete_, bhttp::verb::options}) {
        const auto res = t.serve(get("/app.js", {}, {}, verb));
        EXPECT_EQ(res.result_int(), 405);
        EXPECT_EQ(res.at(bhttp::field::allow), "GET, HEAD");
    }
    EXPECT_EQ(t.serve(get("/nothing", {}, {}, bhttp::verb::post)).result_int(), 404);
}

TEST(Gzip, RoundTripsAndRefusesWhatIsNotGzip) {
    for (const std::string& data :
         {std::string(), std::string("a"), std::string(100000, 'z'), std::string("\0\1\2\3", 4)}) {
        const auto packed = gzip(data);
        ASSERT_TRUE(packed);
        EXPECT_EQ(packed->substr(0, 2), "\x1f\x8b");
        EXPECT_EQ(gunzip(*packed), data);
    }
    EXPECT_FALSE(gunzip("not gzip"));
    const auto packed = gzip(std::string(1000, 'q'));
    EXPECT_FALSE(gunzip(packed->substr(0, packed->size() / 2)));  // truncated
}

}  // namespace
}  // namespace alarmd::http
