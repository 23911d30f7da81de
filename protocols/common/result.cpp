// Keeps alarmd_protocols a real archive while the codecs are header-light.
#include "protocols/common/result.hpp"
