#pragma once
// One AMI message: the `Key: Value` lines of a block, as they came (brief §1).
//
//   Event: Newchannel            <- the first key names the kind: Action (client -> server),
//   Privilege: call,all             Response (answer to an action) or Event
//   Channel: SIP/777-000000bc
//   AccountCode:                 <- values may be empty
//
// Keys are compared without regard to ASCII case (clients send `Action: login`, `username:`),
// and some keys repeat in one block (ChanVariable, Output): the fields stay a list in wire
// order, and get() returns the first match.
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::protocols::ami {

struct field {
    std::string key;
    std::string value;

    friend bool operator==(const field&, const field&) = default;
};

struct message {
    std::vector<field> fields;  // wire order; repeated keys kept

    // First value of `key` compared case-insensitively (ASCII); empty view when absent.
    [[nodiscard]] std::string_view get(std::string_view key) const;
    [[nodiscard]] bool has(std::string_view key) const;
    [[nodiscard]] std::string_view event() const;      // value of "Event", empty if not an event
    [[nodiscard]] std::string_view response() const;   // value of "Response", empty if none
    [[nodiscard]] std::string_view action_id() const;  // value of "ActionID"
    [[nodiscard]] bool is_event() const;     // first field's key is Event (case-insensitive)
    [[nodiscard]] bool is_response() const;  // first field's key is Response
    [[nodiscard]] bool is_action() const;    // first field's key is Action

    friend bool operator==(const message&, const message&) = default;
};

}  // namespace alarmd::protocols::ami
