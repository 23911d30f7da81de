// The single TU that compiles Asio (BOOST_ASIO_SEPARATE_COMPILATION), its TLS part included.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
