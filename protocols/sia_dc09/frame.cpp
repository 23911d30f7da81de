#include "protocols/sia_dc09/frame.hpp"

#include <boost/system/system_error.hpp>

namespace alarmd::protocols::sia_dc09 {

// Only reached through decoded::value() on a rejection, i.e. by choice of the caller, like
// result<T>::value() with an error_code.
void throw_exception_from_error(const rejection& r, const boost::source_location&) {
    throw boost::system::system_error(r.reason);
}

}  // namespace alarmd::protocols::sia_dc09
