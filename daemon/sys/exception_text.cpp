#include "daemon/sys/exception_text.hpp"

namespace alarmd::sys {

std::string exception_text(const std::exception_ptr& e) {
    if (!e) {
        return "no exception";
    }
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return x.what();
    } catch (...) {
        return "unknown exception";
    }
}

}  // namespace alarmd::sys
