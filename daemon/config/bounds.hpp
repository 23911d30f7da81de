#pragma once
// Every numeric limit of the config, in one table: (min, max) per setting. The defaults live in
// config.hpp's declarations. Messages print these bounds, so an installer sees the allowed range.
#include <chrono>
#include <cstdint>

#include "daemon/config/config.hpp"

namespace alarmd::config::bounds {

struct count {
    std::int64_t min;
    std::int64_t max;
};

struct time {
    duration min;
    duration max;
};

using namespace std::chrono_literals;

// clang-format off
inline constexpr count max_body_bytes       {1024, 16 * 1024 * 1024};
inline constexpr time  request_timeout      {1s, 10min};
inline constexpr count max_connections      {1, 1'000'000};

inline constexpr time  redis_connect_timeout{100ms, 60s};
inline constexpr time  redis_ping_interval  {100ms, 60s};
inline constexpr time  redis_reconnect      {10ms, 10min};   // reconnect_min and reconnect_max
inline constexpr count redis_events_maxlen  {1000, 100'000'000};
inline constexpr count redis_replay_maxlen  {100, 10'000'000};
inline constexpr count redis_replay_max_bytes {1024 * 1024, 16ULL * 1024 * 1024 * 1024};

inline constexpr time  supervision          {5s, 168h};      // ingest defaults and per device
inline constexpr count sia_max_connections  {1, 1'000'000};  // in all and per address
inline constexpr time  sia_idle_timeout     {1s, 24h};
inline constexpr count port                 {1, 65535};      // outbound ports (AMI, SMPP)
inline constexpr count sms_per_minute       {0, 10'000};
inline constexpr count sms_in_flight        {1, 100'000};
inline constexpr count smpp_ton             {0, 6};
inline constexpr count smpp_npi             {0, 18};
inline constexpr count smpp_window          {1, 1000};
inline constexpr count smpp_retries         {0, 100};
inline constexpr time  smpp_timer           {100ms, 1h};     // enquire_link, response_timeout,
                                                             // reconnect_max
inline constexpr time  ami_timer            {100ms, 1h};     // ping_interval, reconnect_max

inline constexpr count building_floors      {0, 200};        // 0 = not given
inline constexpr count floor                {-20, 200};      // basements are negative

inline constexpr time  stage_at             {0s, 168h};
inline constexpr time  realert              {100ms, 24h};
inline constexpr time  auto_resolve_within  {1s, 24h};
inline constexpr time  sla_limit            {0s, 168h};

inline constexpr time  correlation_window   {0s, 24h};       // dedupe_window and group_window
inline constexpr time  bypass_max           {1s, 168h};

inline constexpr count ws_queue_limit       {16, 1'000'000};
inline constexpr time  ws_ping_interval     {1s, 10min};
inline constexpr count ws_max_message_bytes {1024, 16 * 1024 * 1024};
inline constexpr count ws_hello_incidents   {0, 10'000};

inline constexpr time  sms_http_timeout     {100ms, 5min};   // an HTTP SMS gateway's request
inline constexpr count http_status          {100, 599};
// clang-format on

}  // namespace alarmd::config::bounds
