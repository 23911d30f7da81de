#include "protocols/gb26875/status.hpp"

namespace alarmd::protocols::gb26875 {

const char* system_type_name(std::uint8_t code) noexcept {
    switch (code) {
        case 0:
            return "general";
        case 1:
            return "fire alarm system";
        case 10:
            return "fire linkage controller";
        case 11:
            return "hydrant system";
        case 12:
            return "automatic sprinkler system";
        case 13:
            return "gas extinguishing system";
        case 14:
            return "water-spray system (pump start)";
        case 15:
            return "water-spray system (pressure-vessel start)";
        case 16:
            return "foam extinguishing system";
        case 17:
            return "dry powder extinguishing system";
        case 18:
            return "smoke control and exhaust system";
        case 19:
            return "fire doors and shutters";
        case 20:
            return "fire elevator";
        case 21:
            return "emergency broadcast";
        case 22:
            return "emergency lighting and evacuation signs";
        case 23:
            return "fire power supply";
        case 24:
            return "fire telephone";
        default:
            return code >= 128 ? "user defined" : "reserved";
    }
}

const char* component_type_name(std::uint8_t code) noexcept {
    switch (code) {
        case 0:
            return "general";
        case 1:
            return "fire alarm control panel";
        case 10:
            return "combustible gas detector";
        case 11:
            return "point combustible gas detector";
        case 12:
            return "standalone combustible gas detector";
        case 13:
            return "line combustible gas detector";
        case 16:
            return "electrical fire monitor";
        case 17:
            return "residual current electrical fire detector";
        case 18:
            return "temperature electrical fire detector";
        case 21:
            return "detection loop";
        case 22:
            return "fire display panel";
        case 23:
            return "manual call point";
        case 24:
            return "hydrant button";
        case 25:
            return "fire detector";
        case 30:
            return "heat detector";
        case 31:
            return "point heat detector";
        case 32:
            return "point heat detector (S)";
        case 33:
            return "point heat detector (R)";
        case 34:
            return "line heat detector";
        case 35:
            return "line heat detector (S)";
        case 36:
            return "line heat detector (R)";
        case 37:
            return "optical-fibre heat detector";
        case 40:
            return "smoke detector";
        case 41:
            return "point ionisation smoke detector";
        case 42:
            return "point photoelectric smoke detector";
        case 43:
            return "line beam smoke detector";
        case 44:
            return "aspirating smoke detector";
        case 50:
            return "combined detector";
        case 51:
            return "smoke and heat detector";
        case 52:
            return "flame and heat detector";
        case 53:
            return "flame and smoke detector";
        case 61:
            return "UV flame detector";
        case 62:
            return "IR flame detector";
        case 69:
            return "flame detector";
        case 74:
            return "gas detector";
        case 78:
            return "video fire detector";
        case 79:
            return "acoustic fire detector";
        case 81:
            return "gas extinguishing controller";
        case 82:
            return "fire electrical control device";
        case 83:
            return "fire control room graphic display";
        case 84:
            return "module";
        case 85:
            return "input module";
        case 86:
            return "output module";
        case 87:
            return "input/output module";
        case 88:
            return "relay module";
        case 91:
            return "fire pump";
        case 92:
            return "fire water tank";
        case 95:
            return "sprinkler pump";
        case 96:
            return "water-flow indicator";
        case 97:
            return "signal valve";
        case 98:
            return "alarm valve";
        case 99:
            return "pressure switch";
        case 101:
            return "valve actuator";
        case 102:
            return "fire door";
        case 103:
            return "fire damper";
        case 104:
            return "HVAC";
        case 105:
            return "foam pump";
        case 106:
            return "pipe-network solenoid valve";
        case 111:
            return "smoke fan";
        case 113:
            return "smoke-exhaust damper";
        case 114:
            return "normally-closed air inlet";
        case 115:
            return "smoke outlet";
        case 116:
            return "electric smoke curtain";
        case 117:
            return "fire shutter controller";
        case 118:
            return "fire door monitor";
        case 121:
            return "alarm device";
        default:
            return code >= 128 ? "user defined" : "reserved";
    }
}

}  // namespace alarmd::protocols::gb26875
