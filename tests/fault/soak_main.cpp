// scripts/soak DURATION: the fault run for DURATION seconds (default 600), then its table.
// Exit status 1 when something acknowledged was lost, a stage doubled or missed, or the console
// missed a message.
#include <cstdlib>
#include <iostream>

#include "tests/fault/fault_run.hpp"

int main(int argc, char** argv) {
    using namespace alarmd::test::fault;
    options o;
    o.duration = std::chrono::seconds(argc > 1 ? std::atoi(argv[1]) : 600);
    o.seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
    if (o.duration.count() < 10) {
        std::cerr << "usage: alarmd_soak SECONDS [SEED] (at least 10 s)\n";
        return 2;
    }
    try {
        const auto t = run(o);
        std::cout << table(t, o);
        const bool clean = t.lost == 0 && t.stages_doubled == 0 &&
                           t.stages_delivered == t.stages_due && t.console_missed == 0;
        return clean ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "soak: " << e.what() << "\n";
        return 2;
    }
}
