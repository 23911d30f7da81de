#pragma once
// One Contact ID (SIA DC-05) event as carried by DC-09 ADM-CID: "#acct|QEEE GG CCC". Message
// type (18) and checksum of the native DC-05 block are dropped in DC-09 (brief §10).
#include <cstdint>
#include <string>

namespace alarmd::protocols::contact_id {

enum class qualifier : std::uint8_t {
    new_event = 1,  // new event, or opening (disarm) for 4xx codes
    restore = 3,    // restore, or closing (arm) for 4xx codes
    status = 6,     // previously reported condition still present
};

struct event {
    std::string account;  // from "#acct|"; empty when the data has no or an empty account part
    qualifier qual = qualifier::new_event;
    int code = 0;          // EEE 0-999; codes missing from event_codes.hpp are kept, never dropped
    int partition = 0;     // GG 0-99, 0 = no partition
    int zone = 0;          // CCC 0-999: zone number, or the user number when is_user
    bool is_user = false;  // the code reports a user (is_user_code), so `zone` is a user number
};

}  // namespace alarmd::protocols::contact_id
