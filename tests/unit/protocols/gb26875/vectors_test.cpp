// Every case of tests/vectors/gb26875/{frames,appdata}.jsonl decodes to its `expect`: frames
// one-shot, whole-buffer stream and byte-at-a-time stream; application units with
// decode_app_data. Records are turned into JSON with the vectors' keys and compared whole.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "protocols/gb26875/app_data.hpp"
#include "protocols/gb26875/error.hpp"
#include "protocols/gb26875/frame.hpp"
#include "tests/unit/protocols/gb26875/test_support.hpp"

namespace alarmd::protocols::gb26875::test {
namespace {

namespace json = boost::json;

json::value num(std::int64_t v) {
    return json::value(v);
}

json::object to_json(const system_state& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"state", num(r.status.bits)},
            {"time", to_text(r.time)}};
}
json::object to_json(const component_state& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"part_type", num(r.component_type)},
            {"part_addr", num(r.address.raw)},
            {"state", num(r.status.bits)},
            {"desc", r.description},
            {"time", to_text(r.time)}};
}
json::object to_json(const analog_value& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"part_type", num(r.component_type)},
            {"part_addr", num(r.address.raw)},
            {"analog_type", num(r.analog_type)},
            {"analog_value", num(r.value)},
            {"time", to_text(r.time)}};
}
json::object to_json(const system_operation& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"op_flags", num(r.flags.bits)},
            {"operator", num(r.operator_id)},
            {"time", to_text(r.time)}};
}
json::object to_json(const system_software_version& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"major", num(r.major)},
            {"minor", num(r.minor)}};
}
json::object to_json(const system_configuration& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"desc", r.description}};
}
json::object to_json(const component_configuration& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"part_type", num(r.component_type)},
            {"part_addr", num(r.address.raw)},
            {"desc", r.description}};
}
json::object to_json(const system_clock& r) {
    return {{"sys_type", num(r.system_type)},
            {"sys_addr", num(r.system_address)},
            {"time", to_text(r.time)}};
}
json::object to_json(const uitd_state& r) {
    return {{"state", num(r.status.bits)}, {"time", to_text(r.time)}};
}
json::object to_json(const uitd_operation& r) {
    return {{"op_flags", num(r.flags.bits)},
            {"operator", num(r.operator_id)},
            {"time", to_text(r.time)}};
}
json::object to_json(const uitd_software_version& r) {
    return {{"major", num(r.major)}, {"minor", num(r.minor)}};
}
json::object to_json(const uitd_configuration& r) {
    return {{"desc", r.description}};
}
json::object to_json(const uitd_clock& r) {
    return {{"time", to_text(r.time)}};
}

// The unit as the vectors write it: type, count, then records or payload_hex.
json::object to_json(const app_data& a) {
    json::object out{{"type", num(static_cast<std::uint8_t>(a.type))}, {"count", num(a.count)}};
    std::visit(
        [&out](const auto& objects) {
            using T = std::decay_t<decltype(objects)>;
            if constexpr (std::is_same_v<T, raw_objects>) {
                out["payload_hex"] = hex_text(objects.payload);
            } else {
                json::array records;
                for (const auto& r : objects) {
                    records.push_back(to_json(r));
                }
                out["records"] = std::move(records);
            }
        },
        a.objects);
    return out;
}

errc error_named(const std::string& name) {
    if (name == "truncated") {
        return errc::truncated;
    }
    if (name == "bad_start") {
        return errc::bad_start;
    }
    if (name == "bad_end") {
        return errc::bad_end;
    }
    if (name == "checksum") {
        return errc::bad_checksum;
    }
    if (name == "length") {
        return errc::bad_length;
    }
    if (name == "bad_cmd") {
        return errc::bad_command;
    }
    if (name == "app_size") {
        return errc::app_size;
    }
    ADD_FAILURE() << "unknown error name " << name;
    return errc::garbage;
}

std::string time_of(const json::object& e) {
    return text(e.at("time"));
}

void check_frame(const json::object& e, const frame& f) {
    const control_unit& c = f.control;
    EXPECT_EQ(c.serial, e.at("serial").to_number<int>());
    const json::array& version = e.at("version").as_array();
    EXPECT_EQ(c.version_main, version.at(0).to_number<int>());
    EXPECT_EQ(c.version_user, version.at(1).to_number<int>());
    EXPECT_EQ(to_text(c.time), time_of(e));
    EXPECT_EQ(c.source, e.at("src").to_number<std::uint64_t>());
    EXPECT_EQ(c.destination, e.at("dst").to_number<std::uint64_t>());
    EXPECT_EQ(c.app_length, e.at("app_len").to_number<int>());
    EXPECT_EQ(f.app_data.size(), e.at("app_len").to_number<std::size_t>());
    EXPECT_EQ(static_cast<int>(c.cmd), e.at("cmd").to_number<int>());
    EXPECT_EQ(f.checksum, e.at("checksum").to_number<int>());
    if (const json::value* app = e.if_contains("app")) {
        const auto a = decode_app_data(f.app_data);
        ASSERT_TRUE(a) << a.error().message();
        EXPECT_EQ(json::value(to_json(*a)), *app) << json::serialize(to_json(*a));
    } else {
        EXPECT_TRUE(f.app_data.empty());
    }
}

class Gb26875FrameVectors : public ::testing::TestWithParam<public_vector> {};

TEST_P(Gb26875FrameVectors, DecodesToExpect) {
    const public_vector& v = GetParam();
    const decoded one = parse_frame(v.bytes);
    if (v.expect.at("valid").as_bool()) {
        ASSERT_TRUE(one) << one.error().reason.message();
        check_frame(v.expect, *one);
        EXPECT_FALSE(one->is_heartbeat());
    } else {
        ASSERT_FALSE(one);
        const rejection r = one.error();
        EXPECT_EQ(r.reason, error_named(text(v.expect.at("error")))) << r.reason.message();
    }
}

// The stream decoder agrees with the one-shot parse, whether the frame comes whole or byte by
// byte: a valid frame gives that frame; a checksum or end error gives the same rejection with
// the control unit; a truncated frame gives nothing yet; bad start bytes are garbage.
TEST_P(Gb26875FrameVectors, StreamDecodesTheSameWholeOrByteByByte) {
    const public_vector& v = GetParam();
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
        SCOPED_TRACE(chunk == 0 ? "whole" : "byte by byte");
        const std::vector<decoded> out = run_stream(v.bytes, chunk);
        if (v.expect.at("valid").as_bool()) {
            ASSERT_EQ(out.size(), 1u);
            ASSERT_TRUE(out[0]);
            check_frame(v.expect, *out[0]);
            continue;
        }
        const errc want = error_named(text(v.expect.at("error")));
        if (want == errc::truncated || want == errc::bad_start) {
            for (const decoded& d : out) {
                EXPECT_FALSE(d);
            }
            continue;
        }
        ASSERT_FALSE(out.empty());
        ASSERT_FALSE(out[0]);
        const rejection r = out[0].error();
        EXPECT_EQ(r.reason, want);
        EXPECT_TRUE(r.control.has_value()) << "a deny needs the control unit";
    }
}

INSTANTIATE_TEST_SUITE_P(Gb26875Public, Gb26875FrameVectors,
                         ::testing::ValuesIn(load_vectors("frames.jsonl", "hex")),
                         [](const auto& info) { return info.param.name; });

class Gb26875AppDataVectors : public ::testing::TestWithParam<public_vector> {};

TEST_P(Gb26875AppDataVectors, DecodesToExpect) {
    const public_vector& v = GetParam();
    const auto a = decode_app_data(v.bytes);
    const json::value* valid = v.expect.if_contains("valid");
    if (valid != nullptr && !valid->as_bool()) {
        ASSERT_FALSE(a);
        EXPECT_EQ(a.error(), error_named(text(v.expect.at("error"))));
        return;
    }
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_EQ(json::value(to_json(*a)), json::value(v.expect)) << json::serialize(to_json(*a));
}

INSTANTIATE_TEST_SUITE_P(Gb26875Public, Gb26875AppDataVectors,
                         ::testing::ValuesIn(load_vectors("appdata.jsonl", "appdata_hex")),
                         [](const auto& info) { return info.param.name; });

TEST(Gb26875VectorFiles, HoldAllCases) {
    EXPECT_EQ(load_vectors("frames.jsonl", "hex").size(), 25u);
    EXPECT_EQ(load_vectors("appdata.jsonl", "appdata_hex").size(), 27u);
}

}  // namespace
}  // namespace alarmd::protocols::gb26875::test
