#pragma once
// SIA DC-03 data as carried by DC-09 SIA-DCS (brief §11):
//   #acct|N ri1/BA001/BA002/ri2^Name^/FA003^Kitchen^ |A free text
// Modifiers (lower-case pairs: ri area, id user, ti time, ...) apply to the events after
// them until changed; an event is two upper-case letters and a number.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::protocols::sia_dc03 {

struct modifier {
    std::string name;   // "ri" area/partition, "id" user, "ti" time hh:mm; others are kept
    std::string value;  // as sent: "01", "12:30"
    std::string text;   // the ^...^ name after it, if any ("TOTAL")
};

struct event {
    std::string code;   // two upper-case letters; codes missing from codes.hpp are kept
    std::string param;  // the digits after the code (zone, user or area); may be empty ("RR")
    std::string text;   // the ^...^ name after the event, if any
    std::vector<modifier> modifiers;  // in force for this event, in the order first sent

    // The modifier called `name` ("ri", "id", "ti"), or nullptr.
    [[nodiscard]] const modifier* find(std::string_view name) const noexcept {
        for (const modifier& m : modifiers) {
            if (m.name == name) {
                return &m;
            }
        }
        return nullptr;
    }
};

enum class message_kind : char {
    none = 0,  // data without event blocks (FIO sends SIA-DCS with "[]")
    new_event = 'N',
    old_event = 'O',  // [unsure in the brief]: accepted, kept apart
};

struct message {
    std::optional<std::string> account;  // "#acct|"; nullopt when absent or empty ("|Nri...")
    message_kind kind = message_kind::none;
    std::vector<event> events;
    std::optional<std::string> text;  // the "|A<text>" block
};

}  // namespace alarmd::protocols::sia_dc03
