// The body of POST /v1/incidents/ID/STEP: any bytes give the step's fields or a field error,
// for every step, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/wire/lifecycle_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    using alarmd::core::lifecycle_action;
    for (auto action : {lifecycle_action::ack, lifecycle_action::arrive, lifecycle_action::resolve,
                        lifecycle_action::review, lifecycle_action::hold}) {
        auto r = alarmd::wire::parse_lifecycle_body(action, body, "lead1");
        if (!r && r.error().field.empty()) {
            __builtin_trap();  // an error names its field
        }
        if (r && r->note.size() > alarmd::wire::max_note) {
            __builtin_trap();
        }
    }
    return 0;
}
