#pragma once
// The message of an exception that reached a completion handler as an exception_ptr (co_spawn),
// for the log line that says why a connection or loop ended.
#include <exception>
#include <string>

namespace alarmd::sys {

std::string exception_text(const std::exception_ptr& e);

}  // namespace alarmd::sys
