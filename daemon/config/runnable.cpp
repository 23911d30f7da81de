#include "daemon/config/runnable.hpp"

namespace alarmd::config {

diagnostics unbuilt_features(const config& cfg) {
    diagnostics d;
    auto refuse = [&](std::string message) {
        d.items.push_back({cfg.source_path, 0, std::move(message)});
    };
    if (cfg.ingest.ami) {
        refuse("ingest.ami: the Asterisk hotline client is not built in this version; remove the "
               "section (nothing would connect)");
    }
    return d;
}

result<config, diagnostics> load_runnable(const std::string& path) {
    auto loaded = load_file(path);
    if (!loaded) {
        return loaded;
    }
    auto unbuilt = unbuilt_features(*loaded);
    if (!unbuilt.items.empty()) {
        return unbuilt;
    }
    return loaded;
}

}  // namespace alarmd::config
