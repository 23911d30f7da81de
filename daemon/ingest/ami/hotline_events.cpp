#include "daemon/ingest/ami/hotline_events.hpp"

#include "daemon/config/phone_number.hpp"

namespace alarmd::ingest {

namespace {

// Who called, in words: "13800000001 (张三, B3 301)", "a withheld number".
std::string caller_text(const hotline_call_update& u, const config::resident* r) {
    if (u.caller.empty()) {
        return "a withheld number";
    }
    std::string text = u.caller;
    if (r != nullptr) {
        text += " (" + (r->name.empty() ? std::string() : r->name + ", ") + r->building + " " +
                r->unit + ")";
    } else if (!u.caller_name.empty()) {
        text += " (" + u.caller_name + ", not in the residents list)";
    } else {
        text += " (not in the residents list)";
    }
    return text;
}

}  // namespace

std::optional<core::event> hotline_event(const hotline_call_update& u,
                                         const config::residents_config& residents) {
    using what = hotline_call_update::what;
    if (u.kind != what::started && u.kind != what::missed) {
        return std::nullopt;
    }
    const config::resident* r = u.caller.empty() ? nullptr : residents.find_by_phone(u.caller);
    core::event ev;
    ev.from = core::source::hotline;
    ev.device = std::string(hotline_device);
    // The zone is the caller: the same number calling again within the dedupe window is one
    // call, and unknown callers are kept apart from each other.
    const auto number = config::normalize_phone(u.caller);
    ev.zone = number.empty() ? "withheld" : number;
    ev.kind = core::event_kind::alarm;
    if (r != nullptr) {
        ev.where.building = r->building;
        ev.where.unit = r->unit;
    }
    ev.where.label = u.caller.empty() ? "hotline, number withheld" : "hotline " + u.caller;
    if (u.kind == what::started) {
        ev.what = core::category::hotline_call;
        ev.code = "call";
        ev.text = "hotline call from " + caller_text(u, r) + " to " + u.line;
    } else {
        ev.what = core::category::callback;
        ev.code = "missed";
        ev.text = "missed hotline call from " + caller_text(u, r) + " to " + u.line + ": " +
                  u.reason + (u.caller.empty() ? "; no number to call back" : "; call back");
    }
    ev.severity = core::default_severity(ev.what);
    ev.raw = "linkedid=" + u.linkedid;
    return ev;
}

}  // namespace alarmd::ingest
