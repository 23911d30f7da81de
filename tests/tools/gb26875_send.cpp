// gb26875-send: plays a GB/T 26875.3-2011 user information transmission device (UITD): connects
// to a monitoring centre over TCP, sends frames (command 2 by default) and prints each answer.
// With --count the frames are pipelined on one connection (a writer and a reader thread) and
// the rate the receiver sustained is printed. Frames are built and answers decoded by the codec
// in protocols/gb26875; only the application unit's records are laid out here.
//
//   gb26875-send --tcp 127.0.0.1:6000 --heartbeat
//   gb26875-send --tcp 127.0.0.1:6000 --source 0000000000AB --component 1/0x00020003
//                --status 0x0003 --description 'smoke 2nd floor'
//   gb26875-send --tcp 127.0.0.1:6000 --uitd-status 0x01 --serial 100
//   gb26875-send --tcp 127.0.0.1:6000 --system 1 --system-status 0x0002
//   gb26875-send --tcp 127.0.0.1:6000 --heartbeat --count 10000 --rate 2000
//   gb26875-send --tcp 127.0.0.1:6000 --heartbeat --count 100 --batch    (100 frames, one write)
//   gb26875-send --tcp 127.0.0.1:6000 --heartbeat --pieces 1             (one byte per write)
//   gb26875-send --tcp 127.0.0.1:6000 --heartbeat --bad-checksum         (expects a deny: exit 1)
//   gb26875-send --tcp 127.0.0.1:6000 --raw '40 40 01'                   (bytes as given)
//   gb26875-send --tcp [::1]:6000 --json frames.jsonl                    ('-' reads stdin)
//
// --json: one JSON object per line, one frame each; empty lines and lines starting with '#'
// are skipped. Keys (all optional; --source, --dest, --command, --bad-checksum, --system-type
// and --component-type give the defaults):
//   "serial": N               this frame's serial; the following frames go on from N + 1
//   "source", "dest": "HEX12"  addresses ("destination" is accepted for "dest")
//   "command": N              command byte (default 2)
//   "bad_checksum": true
//   and at most one payload (none: a heartbeat, i.e. an empty unit):
//   "heartbeat": true
//   "components": [{"system": 1, "address": "0x00020003", "status": "0x0003",
//                   "component_type": 40, "system_type": 1, "description": "smoke"}]   (type 2)
//   "systems": [{"system": 1, "status": "0x0002", "system_type": 1}]                   (type 1)
//   "status": "0x01"          with "type": 21: the UITD running state
//   "app": "HEX"              the application unit as given (type byte first)
//   "raw": "HEX"              the whole frame as given (no framing, no serial)
//   "type": N                 optional with components (2) / systems (1), required for 21
// Status words and addresses are numbers or strings: status strings are hex ("0x0003" or
// "0003"), address strings are hex with 0x, decimal without.
//
// Answers print one line each, e.g.
//   confirm serial=1 source=000000000000 destination=0000000000AB time=2025-03-04T10:11:12  4040...
// When more than one frame was sent, or not every frame was confirmed, a summary follows:
//   sent=N confirmed=C denied=D other=O unanswered=U [unsent=K] [seconds=S frames_per_second=R]
// (sent counts whole frames written; unsent appears when writing stopped early; seconds runs
// from the connect to the last answer; frames_per_second = confirmed / seconds, for N > 1).
//
// Exit status: 0 when every frame was confirmed, 1 otherwise (deny, no answer within
// --timeout, connection lost), 2 on usage errors, 3 when the receiver cannot be reached.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "daemon/sys/hex.hpp"
#include "protocols/gb26875/app_data.hpp"
#include "protocols/gb26875/decoder.hpp"
#include "protocols/gb26875/encoder.hpp"
#include "protocols/gb26875/error.hpp"
#include "protocols/gb26875/frame.hpp"
#include "protocols/gb26875/gb18030.hpp"
#include "tests/tools/tool_socket.hpp"

namespace {

namespace gb = alarmd::protocols::gb26875;
namespace json = boost::json;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using bytes = std::vector<std::uint8_t>;

constexpr const char* usage_text =
    "usage: gb26875-send --tcp HOST:PORT [what to send] [options]\n"
    "what to send (one frame; default: a heartbeat):\n"
    "  --heartbeat            command 2 with an empty application unit\n"
    "  --component SYS/ADDR   type 2 component state, e.g. 1/0x00020003: system address\n"
    "                         (decimal) / component address (0x hex or decimal); may repeat\n"
    "  --status HEX16         component status word (0x0003 fire alarm, 0x0001 normal); required\n"
    "  --component-type N     component type (default 40, smoke detector)\n"
    "  --description TEXT     component description, UTF-8, sent as GB18030 (at most 31 bytes)\n"
    "  --system-status HEX16  type 1 system state, of system --system (default 1)\n"
    "  --system SYSADDR       system address for --system-status\n"
    "  --system-type N        system type of components and systems (default 1, fire alarm)\n"
    "  --uitd-status HEX8     type 21 UITD running state (0x01 normal, 0x02 fire alarm)\n"
    "  --app HEX              this application unit (type byte first) in a valid frame\n"
    "  --raw HEX              these bytes as given (bad frames; same bytes every --count)\n"
    "  --json FILE            one JSON object per line, one frame each; '-' reads stdin\n"
    "frame fields:\n"
    "  --source HEX12         device address, up to 12 hex digits (default 0000000000AB)\n"
    "  --dest HEX12           centre address (default 000000000000)\n"
    "  --serial N             first serial (default 1), +1 per frame, 65535 wraps to 0\n"
    "  --command N            command byte (default 2, send data; 7 is reserved: a deny)\n"
    "  --bad-checksum         flip the checksum byte: the receiver should deny\n"
    "sending:\n"
    "  --count N              send the frame(s) N times (default 1), pipelined on one connection\n"
    "  --rate N               at most N frames a second (default: as fast as possible)\n"
    "  --pieces N             write every frame in N-byte writes, 1 ms apart\n"
    "  --batch                write all frames with one write call\n"
    "  --timeout MS           give up MS after the last answer or write (default 5000)\n"
    "  --verbose              print every answer also when more than 20 frames are sent\n"
    "HEX arguments may contain spaces; HEX16 / HEX8 take an optional 0x.\n"
    "--json lines (keys: serial source dest command bad_checksum, and one of heartbeat\n"
    "components systems status app raw; type optional except 21), e.g.\n"
    "  {\"serial\":5,\"source\":\"0000000000AB\",\"heartbeat\":true}\n"
    "  "
    "{\"type\":2,\"components\":[{\"system\":1,\"address\":\"0x00020003\",\"status\":\"0x0003\",\n"
    "    \"component_type\":40,\"system_type\":1,\"description\":\"smoke\"}]}\n"
    "  {\"systems\":[{\"system\":1,\"status\":\"0x0002\"}]}      "
    "{\"type\":21,\"status\":\"0x01\"}\n"
    "  {\"app\":\"19 01 01 02\"}      {\"raw\":\"40 40\"}      {\"bad_checksum\":true}\n";

// One frame to send. Its serial and time labels are filled in when it is sent.
struct frame_spec {
    std::optional<std::uint16_t> serial;  // a JSON line's own serial
    std::uint64_t source = 0x0000'0000'00AB;
    std::uint64_t destination = 0;
    std::uint8_t cmd = static_cast<std::uint8_t>(gb::command::send_data);
    bytes app;                       // the application unit; empty: heartbeat
    std::vector<std::size_t> times;  // offsets in app of event time labels (set to now)
    std::optional<bytes> raw;        // sent as given
    bool bad_checksum = false;
};

struct options {
    std::string host;
    std::string port;
    std::vector<frame_spec> frames;  // from the flags (one) or one per --json line
    std::uint16_t serial = 1;
    std::uint64_t count = 1;  // times the frames are sent
    double rate = 0;
    std::size_t pieces = 0;
    bool batch = false;
    std::chrono::milliseconds timeout{5000};
    bool verbose = false;

    [[nodiscard]] std::uint64_t total() const { return count * frames.size(); }
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "gb26875-send: " << problem << "\n" << usage_text;
    std::exit(2);
}

// ---- values -----------------------------------------------------------------------------

std::optional<std::uint64_t> decimal(std::string_view v) {
    if (v.empty() || v.size() > 19) {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    for (const char c : v) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

// Hex digits, an optional 0x in front; at most max_digits of them.
std::optional<std::uint64_t> hex_number(std::string_view v, std::size_t max_digits) {
    if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
        v.remove_prefix(2);
    }
    if (v.empty() || v.size() > max_digits) {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    for (const char c : v) {
        const int d = alarmd::sys::hex_value(c);
        if (d < 0) {
            return std::nullopt;
        }
        n = n * 16 + static_cast<std::uint64_t>(d);
    }
    return n;
}

// "0x..." is hex, anything else decimal.
std::optional<std::uint64_t> hex_or_decimal(std::string_view v) {
    if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
        return hex_number(v, 16);
    }
    return decimal(v);
}

// Pairs of hex digits; spaces between them are ignored ("40 40 01 00" as in the vectors).
std::optional<bytes> hex_bytes(std::string_view v) {
    bytes out;
    int high = -1;
    for (const char c : v) {
        if (c == ' ' || c == '\t') {
            continue;
        }
        const int d = alarmd::sys::hex_value(c);
        if (d < 0) {
            return std::nullopt;
        }
        if (high < 0) {
            high = d;
        } else {
            out.push_back(static_cast<std::uint8_t>(high * 16 + d));
            high = -1;
        }
    }
    if (high >= 0 || out.empty()) {
        return std::nullopt;
    }
    return out;
}

// ---- UTF-8 to GB18030 ---------------------------------------------------------------------
// The codec only decodes GB18030 (the centre never sends text). This is its inverse over the
// codec's own tables, so that what the tool sends decodes back to the text it was given.

constexpr std::uint32_t four_byte_bmp_codes = 39420;   // 0x81308130 .. 0x8431A439
constexpr std::uint32_t supplementary_first = 189000;  // linear index of 0x90308130

void append_four_byte(std::uint32_t linear, bytes& out) {
    const auto b4 = static_cast<std::uint8_t>(0x30 + linear % 10);
    linear /= 10;
    const auto b3 = static_cast<std::uint8_t>(0x81 + linear % 126);
    linear /= 126;
    const auto b2 = static_cast<std::uint8_t>(0x30 + linear % 10);
    const auto b1 = static_cast<std::uint8_t>(0x81 + linear / 10);
    out.insert(out.end(), {b1, b2, b3, b4});
}

bool append_gb18030(std::uint32_t cp, bytes& out) {
    if (cp < 0x80) {
        out.push_back(static_cast<std::uint8_t>(cp));
        return true;
    }
    if (cp >= 0x10000) {
        append_four_byte(supplementary_first + (cp - 0x10000), out);
        return true;
    }
    const auto& two = gb::detail::gb18030_two_byte;
    if (const auto it = std::find(two.begin(), two.end(), cp); it != two.end()) {
        const auto index = static_cast<std::size_t>(it - two.begin());
        const std::size_t column = index % 190;
        out.push_back(static_cast<std::uint8_t>(0x81 + index / 190));
        out.push_back(static_cast<std::uint8_t>(column < 0x3F ? 0x40 + column : 0x41 + column));
        return true;
    }
    const auto& ranges = gb::detail::gb18030_four_byte_bmp;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const std::uint32_t end =
            i + 1 < ranges.size() ? ranges[i + 1].linear : four_byte_bmp_codes;
        const std::uint32_t first = ranges[i].code_point;
        if (cp >= first && cp - first < end - ranges[i].linear) {
            append_four_byte(ranges[i].linear + (cp - first), out);
            return true;
        }
    }
    return false;
}

// nullopt when the text is not valid UTF-8 or has a character GB18030 lacks.
std::optional<bytes> utf8_to_gb18030(std::string_view text) {
    bytes out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (b < 0x80) {
            n = 1;
            cp = b;
        } else if ((b & 0xE0) == 0xC0) {
            n = 2;
            cp = b & 0x1Fu;
        } else if ((b & 0xF0) == 0xE0) {
            n = 3;
            cp = b & 0x0Fu;
        } else if ((b & 0xF8) == 0xF0) {
            n = 4;
            cp = b & 0x07u;
        } else {
            return std::nullopt;
        }
        if (i + n > text.size()) {
            return std::nullopt;
        }
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if ((c & 0xC0) != 0x80) {
                return std::nullopt;
            }
            cp = (cp << 6) | (c & 0x3Fu);
        }
        static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return std::nullopt;  // overlong, out of range, or a surrogate
        }
        if (!append_gb18030(cp, out)) {
            return std::nullopt;
        }
        i += n;
    }
    return out;
}

// ---- application units (brief section 6.2; multi-byte fields little-endian) ----------------

constexpr std::size_t description_size = 31;

struct component_record {
    std::uint8_t system_type = 1;
    std::uint8_t system_address = 1;
    std::uint8_t component_type = 40;
    std::uint32_t address = 0;
    std::uint16_t status = 0;
    bytes description;  // GB18030, at most 31 bytes
};

struct system_record {
    std::uint8_t system_type = 1;
    std::uint8_t system_address = 1;
    std::uint16_t status = 0;
};

void put_le(std::uint64_t v, std::size_t n, bytes& out) {
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(static_cast<std::uint8_t>(v & 0xFF));
        v >>= 8;
    }
}

// A placeholder for an event time label, filled with the time of sending.
void put_time(frame_spec& f) {
    f.times.push_back(f.app.size());
    f.app.insert(f.app.end(), gb::time_label_size, 0);
}

void set_components(frame_spec& f, const std::vector<component_record>& list) {
    f.app = {static_cast<std::uint8_t>(gb::app_type::component_state),
             static_cast<std::uint8_t>(list.size())};
    for (const auto& c : list) {
        f.app.insert(f.app.end(), {c.system_type, c.system_address, c.component_type});
        put_le(c.address, 4, f.app);
        put_le(c.status, 2, f.app);
        f.app.insert(f.app.end(), c.description.begin(), c.description.end());
        f.app.insert(f.app.end(), description_size - c.description.size(), 0);  // NUL padded
        put_time(f);
    }
}

void set_systems(frame_spec& f, const std::vector<system_record>& list) {
    f.app = {static_cast<std::uint8_t>(gb::app_type::system_state),
             static_cast<std::uint8_t>(list.size())};
    for (const auto& s : list) {
        f.app.insert(f.app.end(), {s.system_type, s.system_address});
        put_le(s.status, 2, f.app);
        put_time(f);
    }
}

void set_uitd_status(frame_spec& f, std::uint8_t status) {
    f.app = {static_cast<std::uint8_t>(gb::app_type::uitd_state), 1, status};
    put_time(f);
}

// Checks what the encoder would refuse, so that sending cannot fail later.
std::optional<std::string> check_spec(const frame_spec& f) {
    if (!f.raw && f.app.size() > gb::protocol_max_app_length) {
        return "application unit of " + std::to_string(f.app.size()) + " bytes, above " +
               std::to_string(gb::protocol_max_app_length) + " (use --raw for bad frames)";
    }
    return std::nullopt;
}

// ---- command line -------------------------------------------------------------------------

// Flag values that describe the frame (defaults for --json lines too).
struct frame_flags {
    frame_spec base;
    bool heartbeat = false;
    std::vector<std::pair<std::uint8_t, std::uint32_t>> components;  // system, address
    std::optional<std::uint16_t> status;
    std::uint8_t component_type = 40;
    bool component_type_set = false;
    bytes description;
    bool description_set = false;
    std::optional<std::uint16_t> system_status;
    std::optional<std::uint8_t> system;
    std::uint8_t system_type = 1;
    bool system_type_set = false;
    std::optional<std::uint8_t> uitd_status;
    std::optional<bytes> app;
    std::optional<bytes> raw;
    std::optional<std::string> json_file;
};

std::uint64_t parse_number(const std::string& flag, const std::string& v, std::uint64_t max) {
    const auto n = decimal(v);
    if (!n || *n > max) {
        usage(flag + " needs a number up to " + std::to_string(max) + ", got '" + v + "'");
    }
    return *n;
}

std::uint64_t parse_hex(const std::string& flag, const std::string& v, std::size_t digits) {
    const auto n = hex_number(v, digits);
    if (!n) {
        usage(flag + " needs up to " + std::to_string(digits) + " hex digits, got '" + v + "'");
    }
    return *n;
}

bytes parse_description(const std::string& where, std::string_view text) {
    auto gbk = utf8_to_gb18030(text);
    if (!gbk) {
        usage(where + ": not valid UTF-8, or a character GB18030 lacks");
    }
    if (gbk->size() > description_size) {
        usage(where + ": " + std::to_string(gbk->size()) + " bytes in GB18030, at most " +
              std::to_string(description_size));
    }
    return std::move(*gbk);
}

std::pair<std::uint8_t, std::uint32_t> parse_component(const std::string& v) {
    const auto slash = v.find('/');
    const auto system = slash == std::string::npos ? std::nullopt : decimal(v.substr(0, slash));
    const auto address =
        slash == std::string::npos ? std::nullopt : hex_or_decimal(v.substr(slash + 1));
    if (!system || *system > 0xFF || !address || *address > 0xFFFF'FFFF) {
        usage("--component needs SYS/ADDR (e.g. 1/0x00020003), got '" + v + "'");
    }
    return {static_cast<std::uint8_t>(*system), static_cast<std::uint32_t>(*address)};
}

// ---- --json lines -------------------------------------------------------------------------

struct json_error {
    std::string what;
};

[[noreturn]] void bad(const std::string& what) {
    throw json_error{what};
}

std::uint64_t json_uint(const json::value& v, const char* key, std::uint64_t max) {
    std::optional<std::uint64_t> n;
    if (v.is_uint64()) {
        n = v.get_uint64();
    } else if (v.is_int64() && v.get_int64() >= 0) {
        n = static_cast<std::uint64_t>(v.get_int64());
    }
    if (!n || *n > max) {
        bad(std::string(key) + " must be a number up to " + std::to_string(max));
    }
    return *n;
}

// A number, or a hex string ("0x0003" or "0003").
std::uint64_t json_hex(const json::value& v, const char* key, std::size_t digits) {
    if (v.is_string()) {
        const auto n = hex_number(v.get_string(), digits);
        if (!n) {
            bad(std::string(key) + " must have up to " + std::to_string(digits) + " hex digits");
        }
        return *n;
    }
    return json_uint(v, key, (std::uint64_t{1} << (4 * digits)) - 1);
}

// A number, or a string: hex with 0x, decimal without.
std::uint64_t json_address(const json::value& v, const char* key, std::uint64_t max) {
    if (v.is_string()) {
        const auto n = hex_or_decimal(v.get_string());
        if (!n || *n > max) {
            bad(std::string(key) + " must be 0x hex or decimal, up to " + std::to_string(max));
        }
        return *n;
    }
    return json_uint(v, key, max);
}

std::string json_text(const json::value& v, const char* key) {
    if (!v.is_string()) {
        bad(std::string(key) + " must be a string");
    }
    return std::string(v.get_string());
}

bytes json_bytes(const json::value& v, const char* key) {
    auto b = hex_bytes(json_text(v, key));
    if (!b) {
        bad(std::string(key) + " must be pairs of hex digits");
    }
    return std::move(*b);
}

const json::array& json_list(const json::value& v, const char* key) {
    if (!v.is_array() || v.get_array().empty()) {
        bad(std::string(key) + " must be a non-empty array");
    }
    return v.get_array();
}

const json::object& json_object(const json::value& v, const char* what) {
    if (!v.is_object()) {
        bad(std::string(what) + " must be an object");
    }
    return v.get_object();
}

component_record json_component(const json::value& v, const frame_flags& ff) {
    component_record c;
    c.system_type = ff.system_type;
    c.component_type = ff.component_type;
    bool have_system = false;
    bool have_address = false;
    bool have_status = false;
    for (const auto& [key, value] : json_object(v, "a component")) {
        if (key == "system") {
            c.system_address = static_cast<std::uint8_t>(json_uint(value, "system", 0xFF));
            have_system = true;
        } else if (key == "system_type") {
            c.system_type = static_cast<std::uint8_t>(json_uint(value, "system_type", 0xFF));
        } else if (key == "component_type") {
            c.component_type = static_cast<std::uint8_t>(json_uint(value, "component_type", 0xFF));
        } else if (key == "address") {
            c.address = static_cast<std::uint32_t>(json_address(value, "address", 0xFFFF'FFFF));
            have_address = true;
        } else if (key == "status") {
            c.status = static_cast<std::uint16_t>(json_hex(value, "status", 4));
            have_status = true;
        } else if (key == "description") {
            const auto text = json_text(value, "description");
            auto gbk = utf8_to_gb18030(text);
            if (!gbk || gbk->size() > description_size) {
                bad("description: not UTF-8 or more than 31 bytes in GB18030");
            }
            c.description = std::move(*gbk);
        } else {
            bad("unknown component key '" + std::string(key) + "'");
        }
    }
    if (!have_system || !have_address || !have_status) {
        bad("a component needs system, address and status");
    }
    return c;
}

system_record json_system(const json::value& v, const frame_flags& ff) {
    system_record s;
    s.system_type = ff.system_type;
    bool have_system = false;
    bool have_status = false;
    for (const auto& [key, value] : json_object(v, "a system")) {
        if (key == "system") {
            s.system_address = static_cast<std::uint8_t>(json_uint(value, "system", 0xFF));
            have_system = true;
        } else if (key == "system_type") {
            s.system_type = static_cast<std::uint8_t>(json_uint(value, "system_type", 0xFF));
        } else if (key == "status") {
            s.status = static_cast<std::uint16_t>(json_hex(value, "status", 4));
            have_status = true;
        } else {
            bad("unknown system key '" + std::string(key) + "'");
        }
    }
    if (!have_system || !have_status) {
        bad("a system needs system and status");
    }
    return s;
}

frame_spec json_frame(std::string_view line, const frame_flags& ff) {
    boost::system::error_code ec;
    const json::value doc = json::parse(line, ec);
    if (ec) {
        bad("not JSON: " + ec.message());
    }
    frame_spec f = ff.base;
    std::optional<std::uint64_t> type;
    const json::value* components = nullptr;
    const json::value* systems = nullptr;
    const json::value* status = nullptr;
    int payloads = 0;
    for (const auto& [key, value] : json_object(doc, "a line")) {
        if (key == "serial") {
            f.serial = static_cast<std::uint16_t>(json_uint(value, "serial", 0xFFFF));
        } else if (key == "source") {
            f.source = json_hex(value, "source", 12);
        } else if (key == "dest" || key == "destination") {
            f.destination = json_hex(value, "dest", 12);
        } else if (key == "command") {
            f.cmd = static_cast<std::uint8_t>(json_uint(value, "command", 0xFF));
        } else if (key == "bad_checksum") {
            if (!value.is_bool()) {
                bad("bad_checksum must be true or false");
            }
            f.bad_checksum = value.get_bool();
        } else if (key == "heartbeat") {
            if (!value.is_bool() || !value.get_bool()) {
                bad("heartbeat must be true");
            }
            ++payloads;
        } else if (key == "type") {
            type = json_uint(value, "type", 0xFF);
        } else if (key == "components") {
            components = &value;
            ++payloads;
        } else if (key == "systems") {
            systems = &value;
            ++payloads;
        } else if (key == "status") {
            status = &value;
            ++payloads;
        } else if (key == "app") {
            f.app = json_bytes(value, "app");
            ++payloads;
        } else if (key == "raw") {
            f.raw = json_bytes(value, "raw");
            ++payloads;
        } else {
            bad("unknown key '" + std::string(key) + "'");
        }
    }
    if (payloads > 1) {
        bad("at most one of heartbeat, components, systems, status, app, raw");
    }
    if (components != nullptr) {
        if (type && *type != 2) {
            bad("components go with type 2");
        }
        std::vector<component_record> list;
        for (const auto& c : json_list(*components, "components")) {
            list.push_back(json_component(c, ff));
        }
        if (list.size() > 0xFF) {
            bad("too many components");
        }
        set_components(f, list);
    } else if (systems != nullptr) {
        if (type && *type != 1) {
            bad("systems go with type 1");
        }
        std::vector<system_record> list;
        for (const auto& s : json_list(*systems, "systems")) {
            list.push_back(json_system(s, ff));
        }
        if (list.size() > 0xFF) {
            bad("too many systems");
        }
        set_systems(f, list);
    } else if (status != nullptr) {
        if (type != 21u) {
            bad("a top-level status needs \"type\": 21 (UITD state)");
        }
        set_uitd_status(f, static_cast<std::uint8_t>(json_hex(*status, "status", 2)));
    } else if (type) {
        bad("type " + std::to_string(*type) +
            " needs its records (components, systems, status), or use app");
    }
    if (f.raw && f.bad_checksum) {
        bad("raw bytes are sent as given: no bad_checksum");
    }
    if (const auto problem = check_spec(f)) {
        bad(*problem);
    }
    return f;
}

std::vector<frame_spec> read_json(const std::string& file, const frame_flags& ff) {
    std::ifstream in;
    if (file != "-") {
        in.open(file);
        if (!in) {
            usage("cannot read --json file '" + file + "'");
        }
    }
    std::istream& s = file == "-" ? std::cin : in;
    std::vector<frame_spec> out;
    std::string line;
    for (std::size_t number = 1; std::getline(s, line); ++number) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        try {
            out.push_back(json_frame(line, ff));
        } catch (const json_error& e) {
            usage(file + ":" + std::to_string(number) + ": " + e.what);
        }
    }
    if (out.empty()) {
        usage("--json " + file + " holds no frame");
    }
    return out;
}

// ---- arguments ----------------------------------------------------------------------------

options parse_args(int argc, char** argv) {
    options o;
    frame_flags ff;
    bool have_target = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(a + " needs a value");
            }
            return argv[++i];
        };
        if (a == "--tcp") {
            const std::string target = value();
            const auto colon = target.rfind(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == target.size()) {
                usage("expected HOST:PORT, got '" + target + "'");
            }
            o.host = target.substr(0, colon);
            if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') {
                o.host = o.host.substr(1, o.host.size() - 2);
            }
            o.port = target.substr(colon + 1);
            have_target = true;
        } else if (a == "--heartbeat") {
            ff.heartbeat = true;
        } else if (a == "--component") {
            ff.components.push_back(parse_component(value()));
        } else if (a == "--status") {
            ff.status = static_cast<std::uint16_t>(parse_hex(a, value(), 4));
        } else if (a == "--component-type") {
            ff.component_type = static_cast<std::uint8_t>(parse_number(a, value(), 0xFF));
            ff.component_type_set = true;
        } else if (a == "--description") {
            ff.description = parse_description(a, value());
            ff.description_set = true;
        } else if (a == "--system-status") {
            ff.system_status = static_cast<std::uint16_t>(parse_hex(a, value(), 4));
        } else if (a == "--system") {
            ff.system = static_cast<std::uint8_t>(parse_number(a, value(), 0xFF));
        } else if (a == "--system-type") {
            ff.system_type = static_cast<std::uint8_t>(parse_number(a, value(), 0xFF));
            ff.system_type_set = true;
        } else if (a == "--uitd-status") {
            ff.uitd_status = static_cast<std::uint8_t>(parse_hex(a, value(), 2));
        } else if (a == "--app" || a == "--raw") {
            auto b = hex_bytes(value());
            if (!b) {
                usage(a + " needs pairs of hex digits");
            }
            (a == "--app" ? ff.app : ff.raw) = std::move(*b);
        } else if (a == "--json") {
            ff.json_file = value();
        } else if (a == "--source" || a == "--dest") {
            (a == "--source" ? ff.base.source : ff.base.destination) = parse_hex(a, value(), 12);
        } else if (a == "--serial") {
            o.serial = static_cast<std::uint16_t>(parse_number(a, value(), 0xFFFF));
        } else if (a == "--command") {
            ff.base.cmd = static_cast<std::uint8_t>(parse_number(a, value(), 0xFF));
        } else if (a == "--bad-checksum") {
            ff.base.bad_checksum = true;
        } else if (a == "--count") {
            o.count = parse_number(a, value(), 1'000'000'000);
        } else if (a == "--rate") {
            o.rate = static_cast<double>(parse_number(a, value(), 1'000'000'000));
        } else if (a == "--pieces") {
            o.pieces = parse_number(a, value(), 1'000'000);
        } else if (a == "--batch") {
            o.batch = true;
        } else if (a == "--timeout") {
            o.timeout = std::chrono::milliseconds(parse_number(a, value(), 86'400'000));
        } else if (a == "--verbose" || a == "-v") {
            o.verbose = true;
        } else if (a == "--help" || a == "-h") {
            std::cout << usage_text;
            std::exit(0);
        } else {
            usage("unknown option '" + a + "'");
        }
    }
    if (!have_target) {
        usage("--tcp HOST:PORT is required");
    }
    if (o.count == 0) {
        usage("--count must be at least 1");
    }
    if (o.batch && (o.pieces > 0 || o.rate > 0)) {
        usage("--batch writes everything at once: not with --pieces or --rate");
    }

    const int payloads = (ff.heartbeat ? 1 : 0) + (ff.components.empty() ? 0 : 1) +
                         (ff.system_status ? 1 : 0) + (ff.uitd_status ? 1 : 0) + (ff.app ? 1 : 0) +
                         (ff.raw ? 1 : 0) + (ff.json_file ? 1 : 0);
    if (payloads > 1) {
        usage(
            "choose one of --heartbeat, --component, --system-status, --uitd-status, --app, "
            "--raw, --json");
    }
    if (ff.components.empty() && (ff.status || ff.description_set)) {
        usage("--status and --description go with --component");
    }
    if (ff.component_type_set && ff.components.empty() && !ff.json_file) {
        usage("--component-type goes with --component or --json");
    }
    if (ff.system && !ff.system_status) {
        usage("--system goes with --system-status");
    }
    if (ff.system_type_set && ff.components.empty() && !ff.system_status && !ff.json_file) {
        usage("--system-type goes with --component, --system-status or --json");
    }
    if (ff.raw && ff.base.bad_checksum) {
        usage("--raw bytes are sent as given: no --bad-checksum");
    }

    if (ff.json_file) {
        o.frames = read_json(*ff.json_file, ff);
        return o;
    }
    frame_spec f = ff.base;
    if (!ff.components.empty()) {
        if (!ff.status) {
            usage("--component needs --status (e.g. 0x0003 fire alarm, 0x0001 normal)");
        }
        std::vector<component_record> list;
        for (const auto& [system, address] : ff.components) {
            list.push_back(
                {ff.system_type, system, ff.component_type, address, *ff.status, ff.description});
        }
        if (list.size() > 0xFF) {
            usage("too many --component");
        }
        set_components(f, list);
    } else if (ff.system_status) {
        set_systems(f, {{ff.system_type, ff.system.value_or(1), *ff.system_status}});
    } else if (ff.uitd_status) {
        set_uitd_status(f, *ff.uitd_status);
    } else if (ff.app) {
        f.app = std::move(*ff.app);
    } else if (ff.raw) {
        f.raw = std::move(*ff.raw);
    }  // else a heartbeat: empty unit
    if (const auto problem = check_spec(f)) {
        usage(*problem);
    }
    o.frames.push_back(std::move(f));
    return o;
}

// ---- frames -------------------------------------------------------------------------------

gb::time_label local_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return {static_cast<std::uint8_t>(tm.tm_sec),
            static_cast<std::uint8_t>(tm.tm_min),
            static_cast<std::uint8_t>(tm.tm_hour),
            static_cast<std::uint8_t>(tm.tm_mday),
            static_cast<std::uint8_t>(tm.tm_mon + 1),
            static_cast<std::uint8_t>(std::clamp(tm.tm_year - 100, 0, 99))};
}

// Hands out serials: the next one, or a frame's own (and the next ones go on from it).
class serials {
public:
    explicit serials(std::uint16_t first) : next_(first) {}
    std::uint16_t take(const frame_spec& f) {
        if (f.raw) {
            return 0;  // raw bytes carry their own serial, if any
        }
        const std::uint16_t s = f.serial.value_or(next_);
        next_ = static_cast<std::uint16_t>(s + 1);  // 65535 wraps to 0
        return s;
    }

private:
    std::uint16_t next_;
};

// Appends one frame, time labels set to now.
void append_frame(const frame_spec& f, std::uint16_t serial, bytes& out) {
    if (f.raw) {
        out.insert(out.end(), f.raw->begin(), f.raw->end());
        return;
    }
    const gb::time_label now = local_now();
    gb::control_unit cu;
    cu.serial = serial;
    cu.time = now;
    cu.source = f.source;
    cu.destination = f.destination;
    cu.cmd = static_cast<gb::command>(f.cmd);
    bytes app = f.app;
    for (const std::size_t at : f.times) {
        const std::uint8_t t[] = {now.second, now.minute, now.hour, now.day, now.month, now.year};
        std::copy(std::begin(t), std::end(t), app.begin() + static_cast<std::ptrdiff_t>(at));
    }
    if (!gb::encode(cu, app, out)) {
        std::cerr << "gb26875-send: cannot build the frame\n";  // checked by check_spec()
        std::exit(2);
    }
    if (f.bad_checksum) {
        out[out.size() - 3] ^= 0xFF;  // checksum, then "##"
    }
}

std::string hex(std::span<const std::uint8_t> b) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(b.size() * 2);
    for (const std::uint8_t c : b) {
        out += digits[c >> 4];
        out += digits[c & 0xF];
    }
    return out;
}

const char* command_name(std::uint8_t c) {
    switch (static_cast<gb::command>(c)) {
        case gb::command::control:
            return "control";
        case gb::command::send_data:
            return "send_data";
        case gb::command::confirm:
            return "confirm";
        case gb::command::request:
            return "request";
        case gb::command::response:
            return "response";
        case gb::command::deny:
            return "deny";
        default:
            return nullptr;
    }
}

// serial=... source=... destination=... time=...
std::string describe(const gb::control_unit& cu) {
    std::string time = gb::to_text(cu.time);
    std::replace(time.begin(), time.end(), ' ', 'T');
    return "serial=" + std::to_string(cu.serial) + " source=" + gb::address_text(cu.source) +
           " destination=" + gb::address_text(cu.destination) + " time=" + time;
}

struct tally {
    std::uint64_t confirmed = 0;
    std::uint64_t denied = 0;
    std::uint64_t other = 0;  // other commands, rejected bytes
    [[nodiscard]] std::uint64_t answers() const { return confirmed + denied; }
};

// Classifies and prints one thing the decoder yielded.
void on_answer(const gb::decoded& d, tally& t, bool print) {
    if (!d) {
        ++t.other;
        if (!print) {
            return;
        }
        const gb::rejection r = d.error();  // by value in Boost 1.81
        if (r.reason == gb::errc::garbage) {
            std::cout << "garbage skipped=" << r.skipped << "\n";
            return;
        }
        std::cout << "rejected";
        if (r.control) {
            std::cout << " command=" << static_cast<unsigned>(r.control->cmd) << " "
                      << describe(*r.control);
        }
        std::cout << " (" << r.reason.message() << ")\n";
        return;
    }
    const gb::frame& f = *d;
    const auto cmd = static_cast<std::uint8_t>(f.control.cmd);
    if (f.control.cmd == gb::command::confirm) {
        ++t.confirmed;
    } else if (f.control.cmd == gb::command::deny) {
        ++t.denied;
    } else {
        ++t.other;
    }
    if (!print) {
        return;
    }
    const char* name = command_name(cmd);
    std::string line = name != nullptr ? std::string(name) : "command_" + std::to_string(cmd);
    line += ' ';
    line += describe(f.control);
    if (!f.app_data.empty()) {
        line += " app_length=" + std::to_string(f.app_data.size()) +
                " type=" + std::to_string(f.app_data[0]);
    }
    bytes wire;
    if (gb::encode(f, wire)) {
        line += "  " + hex(wire);
    }
    std::cout << line << "\n";
}

// ---- socket -------------------------------------------------------------------------------

int connect_to(const options& o) {
    const int fd = alarmd::tools::connect_or_exit("gb26875-send", o.host, o.port, SOCK_STREAM);
    // Every write leaves at once: --pieces must reach the receiver as separate segments.
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool send_all(int fd, std::span<const std::uint8_t> b) {
    return alarmd::tools::send_all(fd, b.data(), b.size());
}

using alarmd::tools::pacer;

// What the writer thread shares with the reader. The reader gives up --timeout after the last
// answer or the last write, but not while the writer sleeps on purpose (--rate, --pieces).
struct writer_state {
    std::atomic<std::uint64_t> sent{0};  // whole frames written
    std::atomic<steady::rep> last_activity{steady::now().time_since_epoch().count()};
    std::atomic<bool> sleeping{false};
    std::atomic<bool> failed{false};
    std::atomic<bool> stop{false};  // the reader is done: write no more
    int error = 0;                  // errno when failed; read after join()
    bool error_after_stop = false;  // the failure came from the reader's shutdown()

    void touch() { last_activity = steady::now().time_since_epoch().count(); }
    template <typename F>
    void sleep(F&& f) {
        sleeping = true;
        f();
        touch();
        sleeping = false;
    }
    bool send(int fd, std::span<const std::uint8_t> b) {
        const bool ok = send_all(fd, b);
        if (!ok) {
            error = errno;
            error_after_stop = stop;
            failed = true;
        }
        touch();
        return ok;
    }
};

void write_frames(const options& o, int fd, writer_state& w) {
    const std::uint64_t total = o.total();
    const std::size_t kinds = o.frames.size();
    serials serial(o.serial);
    bytes out;
    if (o.batch) {
        for (std::uint64_t i = 0; i < total; ++i) {
            const frame_spec& f = o.frames[i % kinds];
            append_frame(f, serial.take(f), out);
        }
        if (w.send(fd, out)) {
            w.sent = total;
        }
        return;
    }
    pacer p(o.rate);
    for (std::uint64_t i = 0; i < total && !w.stop; ++i) {
        if (o.rate > 0) {
            w.sleep([&] { p.wait(i); });
        }
        const frame_spec& f = o.frames[i % kinds];
        append_frame(f, serial.take(f), out);
        if (o.pieces > 0) {
            for (std::size_t at = 0; at < out.size(); at += o.pieces) {
                if (at > 0) {
                    w.sleep([] { std::this_thread::sleep_for(1ms); });
                }
                const auto piece = std::span<const std::uint8_t>(out).subspan(
                    at, std::min(o.pieces, out.size() - at));
                if (!w.send(fd, piece)) {
                    return;
                }
            }
            out.clear();
            w.sent = i + 1;
        } else if (out.size() >= 8192 || i + 1 == total || o.rate > 0) {
            // Small batches keep syscalls down without holding frames back.
            if (!w.send(fd, out)) {
                return;
            }
            out.clear();
            w.sent = i + 1;
        }
    }
}

// The summary line for more than one frame (and for a single frame that was not confirmed).
// unsent= only appears when the writer stopped early (send failed, or the reader gave up).
void report(std::uint64_t total, std::uint64_t sent, const tally& t, steady::time_point started,
            steady::time_point last_answer) {
    const double seconds = std::chrono::duration<double>(last_answer - started).count();
    std::cout << "sent=" << sent << " confirmed=" << t.confirmed << " denied=" << t.denied
              << " other=" << t.other << " unanswered=" << (sent - std::min(sent, t.answers()));
    if (sent < total) {
        std::cout << " unsent=" << (total - sent);
    }
    if (total > 1 && seconds > 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " seconds=%.3f frames_per_second=%.0f", seconds,
                      static_cast<double>(t.confirmed) / seconds);
        std::cout << buf;
    }
    std::cout << "\n";
}

int run(const options& o) {
    const int fd = connect_to(o);
    const std::uint64_t total = o.total();
    const bool print = o.verbose || total <= 20;
    tally t;
    writer_state w;
    const auto started = steady::now();
    auto last_answer = started;
    bool closed = false;

    std::thread writer([&] { write_frames(o, fd, w); });

    // Nothing read or written for --timeout, and the writer is not pausing on purpose.
    const auto quiet_for_timeout = [&] {
        const steady::time_point last_write{steady::duration{w.last_activity.load()}};
        return !w.sleeping && steady::now() - std::max(last_answer, last_write) >= o.timeout;
    };
    gb::decoder dec;
    std::vector<std::uint8_t> buf(65536);
    const int slice_ms = static_cast<int>(std::clamp<std::int64_t>(o.timeout.count(), 1, 50));
    while (t.answers() < total) {
        pollfd pfd{fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, slice_ms);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            if (quiet_for_timeout()) {
                break;  // timeout: the rest gets no answer
            }
            continue;
        }
        const auto n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
            closed = true;
            break;
        }
        const auto in = std::span<const std::uint8_t>(buf).first(static_cast<std::size_t>(n));
        for (std::size_t off = 0; off < in.size();) {
            off += dec.feed(in.subspan(off));
            while (auto d = dec.next()) {
                on_answer(*d, t, print);
            }
        }
        last_answer = steady::now();
    }
    w.stop = true;
    ::shutdown(fd, SHUT_RDWR);  // also wakes a writer blocked in send()
    writer.join();
    ::close(fd);
    const std::uint64_t sent = w.sent;
    if (w.failed && !w.error_after_stop && t.answers() < total) {
        std::cerr << "gb26875-send: send failed after " << sent
                  << " frames: " << std::strerror(w.error) << "\n";
    } else if (closed && t.answers() < total) {
        std::cerr << "gb26875-send: the receiver closed the connection\n";
    }
    const bool ok = t.confirmed == total && sent == total;
    if (total > 1 || !ok) {
        report(total, sent, t, started, last_answer);
    }
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse_args(argc, argv);
    return run(o);
}
