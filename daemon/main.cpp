// alarmd: the alarm and dispatch daemon. Everything lives in alarmd_daemon; this is the door.
#include <malloc.h>

#include "daemon/app/cli.hpp"

int main(int argc, char** argv) {
    // glibc hands the top of the heap back to the kernel whenever 128 KiB of it is free, and the
    // next event's Redis output buffer then faults the same pages in again: measured, about a
    // tenth of the daemon's CPU per new incident. Up to 16 MiB of free heap is kept instead.
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
    return alarmd::app::run_cli(argc, argv);
}
