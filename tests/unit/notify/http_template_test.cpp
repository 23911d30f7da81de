// The HTTP SMS gateway's pure rules: placeholders filled and encoded for where they stand (URL,
// form body, JSON body, raw body), and the answer that counts as accepted.
#include "daemon/notify/sms/http_template.hpp"

#include <gtest/gtest.h>

namespace alarmd::notify {
namespace {

const sms_message fire{"+8613800000000", "火警 3号楼 3F", "inc-1/report"};

TEST(HttpTemplate, PercentEncodingIsOfTheUtf8Bytes) {
    EXPECT_EQ(percent_encode("火警"), "%E7%81%AB%E8%AD%A6");
    EXPECT_EQ(percent_encode("a b+c&d=e/f?g#h%"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
    EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(percent_encode("\n\x01\x7f\xff"), "%0A%01%7F%FF");
    EXPECT_EQ(percent_encode(""), "");
}

TEST(HttpTemplate, JsonEscapingKeepsUtf8AndEscapesControls) {
    EXPECT_EQ(json_escape("火警 \"3F\" a\\b"), "火警 \\\"3F\\\" a\\\\b");
    EXPECT_EQ(json_escape("l1\nl2\r\t\b\f\x01\x1f"), "l1\\nl2\\r\\t\\b\\f\\u0001\\u001f");
    EXPECT_EQ(json_escape("/</script>"), "/</script>");
}

TEST(HttpTemplate, BodyEncodingFollowsTheContentType) {
    EXPECT_EQ(body_encoding(""), value_encoding::percent);
    EXPECT_EQ(body_encoding("application/x-www-form-urlencoded"), value_encoding::percent);
    EXPECT_EQ(body_encoding("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
              value_encoding::percent);
    EXPECT_EQ(body_encoding("application/json"), value_encoding::json);
    EXPECT_EQ(body_encoding(" APPLICATION/JSON ; charset=utf-8"), value_encoding::json);
    EXPECT_EQ(body_encoding("application/vnd.sms+json"), value_encoding::json);
    EXPECT_EQ(body_encoding("text/plain; charset=utf-8"), value_encoding::raw);
    EXPECT_EQ(body_encoding("application/xml"), value_encoding::raw);
}

TEST(HttpTemplate, UrlPlaceholdersArePercentEncoded) {
    EXPECT_EQ(fill_template("/cgi-bin/sendsms?username=u&password=p&to={to}&text={text}&"
                            "coding=2&charset=UTF-8&ref={ref}",
                            fire, value_encoding::percent),
              "/cgi-bin/sendsms?username=u&password=p&to=%2B8613800000000&text=%E7%81%AB%E8%AD%"
              "A6%203%E5%8F%B7%E6%A5%BC%203F&coding=2&charset=UTF-8&ref=inc-1%2Freport");
}

TEST(HttpTemplate, JsonBodyKeepsItsOwnBracesAndEscapesValues) {
    const sms_message quoted{"+8613800000000", "他说\"快\"\n撤离", "inc-2/manager"};
    EXPECT_EQ(
        fill_template(R"({"to":"{to}","text":"{text}","ref":"{ref}","n":{"a":1}})", quoted,
                      value_encoding::json),
        R"({"to":"+8613800000000","text":"他说\"快\"\n撤离","ref":"inc-2/manager","n":{"a":1}})");
}

TEST(HttpTemplate, RawBodyAndRepeatedOrUnknownPlaceholders) {
    EXPECT_EQ(fill_template("{to}:{to} {text} {other} {tex", fire, value_encoding::raw),
              "+8613800000000:+8613800000000 火警 3号楼 3F {other} {tex");
    EXPECT_EQ(fill_template("", fire, value_encoding::raw), "");
    EXPECT_EQ(fill_template("{", fire, value_encoding::raw), "{");
    // A value that looks like a placeholder is not filled again.
    const sms_message tricky{"{text}", "x", "r"};
    EXPECT_EQ(fill_template("{to}-{text}", tricky, value_encoding::raw), "{text}-x");
}

TEST(HttpTemplate, AnyTwoHundredIsAcceptedByDefault) {
    const success_rule any;
    EXPECT_FALSE(refusal(any, 200, "OK", ""));
    EXPECT_FALSE(refusal(any, 202, "Accepted", "queued"));
    EXPECT_FALSE(refusal(any, 299, "", ""));
    EXPECT_EQ(refusal(any, 500, "Internal Server Error", "oops\n"),
              "HTTP 500 Internal Server Error: oops");
    EXPECT_EQ(refusal(any, 302, "Found", ""), "HTTP 302 Found");
    EXPECT_EQ(refusal(any, 199, "", ""), "HTTP 199");
}

TEST(HttpTemplate, ConfiguredStatusesAndMatch) {
    const success_rule kannel{{200, 202}, "Accepted"};
    EXPECT_FALSE(refusal(kannel, 202, "Accepted", "0: Accepted for delivery"));
    EXPECT_EQ(refusal(kannel, 201, "Created", "0: Accepted for delivery"),
              "HTTP 201 Created: 0: Accepted for delivery");
    EXPECT_EQ(refusal(kannel, 200, "OK", "3: Queued for later delivery"),
              "the answer lacks 'Accepted': HTTP 200 OK: 3: Queued for later delivery");
    EXPECT_EQ(refusal(kannel, 200, "OK", ""), "the answer lacks 'Accepted': HTTP 200 OK");
}

TEST(HttpTemplate, AnswerSummaryIsOneSafeLineOfAtMost200BodyBytes) {
    EXPECT_EQ(answer_summary(200, "OK", "0: Accepted for delivery\r\n"),
              "HTTP 200 OK: 0: Accepted for delivery");
    EXPECT_EQ(answer_summary(400, "Bad Request", "line1\nline2\tx"),
              "HTTP 400 Bad Request: line1 line2 x");
    // Not UTF-8 (a GBK answer): each bad byte a '?', so the summary can be stored as JSON.
    EXPECT_EQ(answer_summary(500, "", "\xbb\xf0 ok \xed\xa0\x80"), "HTTP 500: ?? ok ???");
    const std::string long_body(300, 'x');
    EXPECT_EQ(answer_summary(200, "OK", long_body),
              "HTTP 200 OK: " + std::string(200, 'x') + "...");
    // Cut at a character boundary: 66 three-byte characters fit in 200 bytes, not 67.
    std::string chinese;
    for (int i = 0; i < 100; ++i) {
        chinese += "火";
    }
    const auto s = answer_summary(200, "OK", chinese);
    EXPECT_EQ(s, "HTTP 200 OK: " + chinese.substr(0, 66 * 3) + "...");
}

}  // namespace
}  // namespace alarmd::notify
