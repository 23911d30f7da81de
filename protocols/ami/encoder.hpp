#pragma once
// Actions the client sends (brief §2), as wire blocks: "Key: Value\r\n" lines, then "\r\n".
//
// No line can be injected: CR and LF in any key or value (action names and ids included)
// become a space, and so does ':' in a key (it would move the split). Every line therefore
// starts with a key and ':', none is empty, and the decoder gives back exactly the fields
// written, with those characters replaced. An empty action_id writes no ActionID line.
#include <span>
#include <string>
#include <string_view>

#include "protocols/ami/message.hpp"

namespace alarmd::protocols::ami {

// "Action: <action>", "ActionID: <action_id>", then `extra` in order.
[[nodiscard]] std::string encode_action(std::string_view action, std::string_view action_id,
                                        std::span<const field> extra = {});

// Login with a plain secret; `events` is the Events header ("on", "off" or a class list).
[[nodiscard]] std::string login_action(std::string_view action_id, std::string_view username,
                                       std::string_view secret,
                                       std::string_view events = "call,agent");
[[nodiscard]] std::string ping_action(std::string_view action_id);
[[nodiscard]] std::string logoff_action(std::string_view action_id);

}  // namespace alarmd::protocols::ami
