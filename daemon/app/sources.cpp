#include "daemon/app/sources.hpp"

#include "daemon/ingest/ami/receiver.hpp"
#include "daemon/ingest/gb26875/receiver.hpp"
#include "daemon/ingest/sia/receiver.hpp"

namespace alarmd::app {

std::vector<std::unique_ptr<ingest::source>> make_sources(boost::asio::io_context& ioc,
                                                          pipeline::event_sink& sink,
                                                          const config::snapshot& cfg,
                                                          sys::metrics& metrics) {
    std::vector<std::unique_ptr<ingest::source>> out;
    if (cfg->ingest.sia) {
        out.push_back(std::make_unique<ingest::sia_receiver>(ioc, sink, cfg, metrics));
    }
    if (cfg->ingest.gb26875) {
        out.push_back(std::make_unique<ingest::gb26875_receiver>(ioc, sink, cfg, metrics));
    }
    if (cfg->ingest.ami) {
        out.push_back(std::make_unique<ingest::ami_receiver>(ioc, sink, cfg, metrics));
    }
    return out;
}

}  // namespace alarmd::app
