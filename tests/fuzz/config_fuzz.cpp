// libFuzzer target for the config loader: any bytes must come back as a config or as
// diagnostics, never as a crash, a hang or an escaped exception. The base folder does not exist,
// so a residents.csv named by the input is never found (except by absolute path, which the loader
// reads only when it is a regular file of bounded size).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto loaded =
        alarmd::config::load_string(text, "fuzz.yaml", "/nonexistent/alarmd-config-fuzz");
    if (!loaded) {
        const auto diags = loaded.error();  // a copy: error() returns by value
        for (const auto& d : diags.items) {
            // Every failure must explain itself.
            if (d.message.empty()) {
                __builtin_trap();
            }
        }
    } else {
        // The loader promises a default policy and complete stages in every policy.
        if (!loaded->policies.contains("default")) {
            __builtin_trap();
        }
        for (const auto& [name, p] : loaded->policies) {
            if (p.stages.empty()) {
                __builtin_trap();
            }
        }
    }
    return 0;
}
