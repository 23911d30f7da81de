#include "daemon/ingest/sia/events.hpp"

#include <cstdio>

#include "daemon/ingest/net/retry_cache.hpp"
#include "daemon/ingest/sia/code_map.hpp"
#include "protocols/contact_id/decoder.hpp"
#include "protocols/contact_id/event_codes.hpp"
#include "protocols/sia_dc03/codes.hpp"
#include "protocols/sia_dc03/decoder.hpp"

namespace alarmd::ingest {
namespace {

namespace cid = protocols::contact_id;
namespace dc03 = protocols::sia_dc03;
namespace dc09 = protocols::sia_dc09;

bool all_digits(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

std::string_view without_leading_zeros(std::string_view s) {
    while (s.size() > 1 && s.front() == '0') {
        s.remove_prefix(1);
    }
    return s;
}

std::string three_digits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%03d", n);
    return buf;
}

core::event base_event(const dc09::frame& f, const config::device& dev, std::string_view raw) {
    core::event ev;
    ev.from = core::source::sia;
    ev.device = dev.id;
    ev.raw = core::escape_raw(raw);
    if (f.body.timestamp) {
        ev.occurred_at = *f.body.timestamp;
    }
    return ev;
}

void apply(core::event& ev, const code_meaning& m) {
    ev.what = m.what;
    ev.kind = m.kind;
    ev.severity = m.severity;
}

void append_text(std::string& text, std::string_view more) {
    if (more.empty()) {
        return;
    }
    if (!text.empty()) {
        text += ' ';
    }
    text += more;
}

// Contact ID: one event. The code carries the qualifier as E (new), R (restore), P (status),
// the way Contact ID logs write it: E110, R110.
core::event from_contact_id(const cid::event& c, const dc09::frame& f, const config::device& dev,
                            std::string_view raw) {
    auto ev = base_event(f, dev, raw);
    const auto m = map_contact_id(c.code, c.qual);
    apply(ev, m);
    const char q = c.qual == cid::qualifier::restore  ? 'R'
                   : c.qual == cid::qualifier::status ? 'P'
                                                      : 'E';
    ev.code = q + three_digits(c.code);
    const bool user = c.is_user || m.number != number_use::zone;
    if (!user) {
        ev.zone = zone_id(dev, three_digits(c.zone));
    }
    std::string text(cid::describe(c.code));
    if (text.empty()) {
        text = "Contact ID " + three_digits(c.code);
    }
    if (user) {
        append_text(text, "user " + three_digits(c.zone));
    }
    if (c.partition != 0) {
        append_text(text, "partition " + std::to_string(c.partition));
    }
    ev.text = std::move(text);
    return ev;
}

core::event from_dc03(const dc03::event& e, const dc03::message& msg, const dc09::frame& f,
                      const config::device& dev, std::string_view raw) {
    auto ev = base_event(f, dev, raw);
    const auto m = map_sia_dc03(e.code);
    apply(ev, m);
    ev.code = e.code;
    if (m.number == number_use::zone) {
        ev.zone = e.param.empty() ? std::string() : zone_id(dev, e.param);
    }
    std::string text(dc03::describe(e.code));
    if (text.empty()) {
        text = "SIA " + e.code;
    }
    if (m.number == number_use::user && !e.param.empty()) {
        append_text(text, "user " + e.param);
    } else if (m.number == number_use::area && !e.param.empty()) {
        append_text(text, "area " + e.param);
    }
    if (const auto* id = e.find("id"); id != nullptr && m.number != number_use::user) {
        append_text(text, "user " + id->value);
    }
    if (const auto* ri = e.find("ri"); ri != nullptr && ri->value != "0" && ri->value != "00") {
        append_text(text, "area " + ri->value + (ri->text.empty() ? "" : " " + ri->text));
    }
    append_text(text, e.text);
    if (msg.kind == dc03::message_kind::old_event) {
        append_text(text, "(old event)");
    }
    if (msg.text) {
        append_text(text, "| " + *msg.text);
    }
    ev.text = std::move(text);
    return ev;
}

}  // namespace

std::string zone_id(const config::device& dev, std::string_view number) {
    if (number.empty()) {
        return {};
    }
    if (dev.zones.find(std::string(number)) != dev.zones.end()) {
        return std::string(number);
    }
    if (all_digits(number)) {
        const auto value = without_leading_zeros(number);
        for (const auto& [id, info] : dev.zones) {
            if (all_digits(id) && without_leading_zeros(id) == value) {
                return id;
            }
        }
    }
    return std::string(number);
}

result<std::vector<core::event>> events_of(const dc09::frame& f, const config::device& dev,
                                           std::string_view raw) {
    std::vector<core::event> out;
    switch (f.header.type()) {
        case dc09::message_type::adm_cid: {
            auto c = cid::decode(f.body.data);
            if (!c) {
                return c.error();
            }
            out.push_back(from_contact_id(*c, f, dev, raw));
            return out;
        }
        case dc09::message_type::sia_dcs: {
            auto msg = dc03::decode(f.body.data);
            if (!msg) {
                return msg.error();
            }
            out.reserve(msg->events.size());
            for (const auto& e : msg->events) {
                out.push_back(from_dc03(e, *msg, f, dev, raw));
            }
            return out;
        }
        default:
            // NULL (its data, if any, is ignored: brief §9) and anything validate() let through.
            return out;
    }
}

std::uint64_t sia_frame_digest(const protocols::sia_dc09::frame& f) {
    std::uint64_t h = retry_cache::offset;
    retry_cache::add(h, f.header.id);
    retry_cache::add(h, f.body.data);
    for (const auto& x : f.body.extended) {
        retry_cache::add(h, std::string_view(&x.id, 1));
        retry_cache::add(h, x.value);
    }
    return h;
}

}  // namespace alarmd::ingest
