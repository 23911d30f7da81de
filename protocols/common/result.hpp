#pragma once
// The one result type of codecs and config: a value, or an error. Boost.System's result is the
// C++20 stand-in for std::expected that Boost.URL also uses.
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace alarmd {

using boost::system::error_code;

template <class T, class E = error_code>
using result = boost::system::result<T, E>;

}  // namespace alarmd
