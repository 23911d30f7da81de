#pragma once
// The receivers of device events the config asks for. The one place that names every protocol:
// a new receiver is a line here.
#include <memory>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/ingest/source.hpp"

namespace boost::asio {
class io_context;
}
namespace alarmd::pipeline {
class event_sink;
}
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::app {

[[nodiscard]] std::vector<std::unique_ptr<ingest::source>> make_sources(
    boost::asio::io_context& ioc, pipeline::event_sink& sink, const config::snapshot& cfg,
    sys::metrics& metrics);

}  // namespace alarmd::app
