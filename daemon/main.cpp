// alarmd: the alarm and dispatch daemon. Everything lives in alarmd_daemon; this is the door.
#include "daemon/app/cli.hpp"

int main(int argc, char** argv) { return alarmd::app::run_cli(argc, argv); }
