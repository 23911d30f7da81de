#include "daemon/ctl/cli.hpp"

#include "daemon/ctl/commands.hpp"
#include "daemon/ctl/http_client.hpp"
#include "daemon/ctl/usage.hpp"

namespace alarmd::ctl {

exit_code run(std::span<const std::string> args, const environment& env, std::ostream& out,
              std::ostream& err) {
    auto parsed = parse_args(args, env);
    if (!parsed) {
        // The usage goes with the error so the operator sees the right form at once.
        err << "alarmctl: " << parsed.error().message << "\n\n" << usage(parsed.error().cmd);
        return exit_code::usage;
    }
    const options& opts = *parsed;
    if (opts.help) {
        out << usage(opts.cmd);
        return exit_code::ok;
    }
    if (opts.version) {
        out << "alarmctl " ALARMD_VERSION "\n";
        return exit_code::ok;
    }
    http_client client(opts.url, opts.token, http_client::default_timeout, opts.cacert);
    return execute(opts, client, out, err);
}

}  // namespace alarmd::ctl
