#include "daemon/config/loader.hpp"

#include <boost/assert/source_location.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include "daemon/config/reader.hpp"
#include "daemon/config/sections.hpp"

namespace alarmd::config {

namespace {

// A config is a few hundred lines; this only stops a wrong path (a log, an image) early.
constexpr std::uintmax_t max_config_bytes = 16 * 1024 * 1024;

[[nodiscard]] diagnostics one(std::string file, int line, std::string message) {
    diagnostics d;
    d.items.push_back({std::move(file), line, std::move(message)});
    return d;
}

void read_document(detail::reader& r, const YAML::Node& doc, config& out) {
    detail::object root(r, doc, "", 1,
                        {"server", "redis", "ingest", "site", "devices", "people", "residents",
                         "policies", "correlation", "websocket", "sms"});
    if (!root.valid()) {
        return;
    }
    // The order matters: see sections.hpp.
    detail::read_server(root, out);
    detail::read_redis(root, out);
    detail::read_ingest(root, out);
    detail::read_site(root, out);
    detail::read_devices(root, out);
    detail::read_people(root, out);
    detail::read_residents(root, out);
    detail::read_policies(root, out);
    detail::read_correlation(root, out);
    detail::read_websocket(root, out);
    detail::read_sms(root, out);
}

[[nodiscard]] int line_of(const YAML::Mark& mark) {
    return mark.line >= 0 ? mark.line + 1 : 0;
}

// Notes where a second document starts. YAML::LoadAll is not used: in yaml-cpp 0.7 it loops for
// ever on some stray tokens after the first document (found by tests/fuzz/config_fuzz.cpp).
class second_document : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ == 2) {
            line_ = line_of(mark);
        }
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    // The line of the second document, or nullopt when the text holds at most one.
    [[nodiscard]] static std::optional<int> find(const std::string& text) {
        std::istringstream in(text);
        YAML::Parser parser(in);
        second_document counter;
        for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
        }
        if (counter.documents_ < 2) {
            return std::nullopt;
        }
        return counter.line_;
    }

private:
    int documents_ = 0;
    int line_ = 0;
};

}  // namespace

std::string diagnostic::str() const {
    if (line <= 0) {
        return file + ": " + message;
    }
    return file + ":" + std::to_string(line) + ": " + message;
}

void throw_exception_from_error(const diagnostics& d, const boost::source_location&) {
    std::string text;
    for (const auto& item : d.items) {
        text += item.str();
        text += '\n';
    }
    throw std::runtime_error(text.empty() ? "invalid config" : text);
}

result<config, diagnostics> load_string(std::string_view yaml, std::string_view name,
                                        std::string_view base_dir) {
    const std::string file(name);
    try {
        detail::reader r(file, std::string(base_dir));
        const std::string text(yaml);
        YAML::Node doc;
        try {
            doc = YAML::Load(text);
            if (const auto line = second_document::find(text)) {
                r.error(*line, "unexpected content after the document (a second '---' document?)");
            }
        } catch (const YAML::Exception& e) {
            return one(file, line_of(e.mark), "YAML syntax error: " + e.msg);
        }
        config out;
        out.source_path = file;
        read_document(r, doc, out);
        if (r.has_errors()) {
            return r.take();
        }
        out.warnings = r.take_warnings();
        return out;
    } catch (const YAML::Exception& e) {
        return one(file, line_of(e.mark), "cannot read config: " + e.msg);
    } catch (const std::exception& e) {
        return one(file, 0, std::string("cannot read config: ") + e.what());
    } catch (...) {
        return one(file, 0, "cannot read config: unknown error");
    }
}

result<config, diagnostics> load_file(const std::string& path) {
    try {
        std::error_code ec;
        const auto status = std::filesystem::status(path, ec);
        if (ec || !std::filesystem::exists(status)) {
            return one(path, 0, "cannot read file (no such file)");
        }
        if (!std::filesystem::is_regular_file(status)) {
            return one(path, 0, "cannot read file (not a regular file)");
        }
        if (std::filesystem::file_size(path, ec) > max_config_bytes || ec) {
            return one(path, 0, "cannot read file (larger than 16 MiB)");
        }
        std::ifstream in(path, std::ios::binary);
        if (!in.is_open()) {
            return one(path, 0, "cannot read file (cannot open it; permissions?)");
        }
        const std::string text{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
        if (in.bad()) {
            return one(path, 0, "cannot read file (read error)");
        }
        const std::string base_dir = std::filesystem::path(path).parent_path().string();
        return load_string(text, path, base_dir);
    } catch (const std::exception& e) {
        return one(path, 0, std::string("cannot read file (") + e.what() + ")");
    }
}

}  // namespace alarmd::config
