// A guard console's WebSocket text: any bytes give a request or an error naming the problem,
// never a crash. Requests go on through the parsers of their type, as ws_session and the guard
// hooks do: lifecycle fields, a manual report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/core/incident_lifecycle.hpp"
#include "daemon/wire/client_message.hpp"
#include "daemon/wire/lifecycle_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto m = alarmd::wire::parse_client_message(text);
    if (!m) {
        if (m.error().message.empty()) {
            __builtin_trap();  // every refusal says why
        }
        return 0;
    }
    if (m->type == "resume" && !m->after_seq) {
        __builtin_trap();
    }
    if (auto action = alarmd::core::parse_lifecycle_action(m->type)) {
        auto req = alarmd::wire::parse_lifecycle_fields(*action, m->fields, "g01");
        if (req && *action == alarmd::core::lifecycle_action::resolve &&
            req->result == alarmd::core::outcome::none) {
            __builtin_trap();  // resolve always carries an outcome
        }
    } else if (m->type == "report") {
        auto ev = alarmd::wire::manual_report_event(m->fields, "g01", "guard");
        if (ev && ev->where.building.empty()) {
            __builtin_trap();
        }
    }
    return 0;
}
