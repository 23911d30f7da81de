#include "protocols/gb26875/app_data.hpp"

#include "protocols/gb26875/error.hpp"
#include "protocols/gb26875/gb18030.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

constexpr std::size_t description_size = 31;

// Reads the fields of one object in order; the caller checked the size beforehand.
class object_reader {
public:
    explicit object_reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    std::uint8_t u8() { return bytes_[pos_++]; }
    std::uint16_t u16() {
        const auto v = static_cast<std::uint16_t>(bytes_[pos_] | (bytes_[pos_ + 1] << 8));
        pos_ += 2;
        return v;
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (std::size_t i = 4; i > 0; --i) {
            v = (v << 8) | bytes_[pos_ + i - 1];
        }
        pos_ += 4;
        return v;
    }
    time_label time() {
        const time_label t = read_time_label(bytes_.subspan(pos_).first<time_label_size>());
        pos_ += time_label_size;
        return t;
    }
    std::string text(std::size_t n) {
        std::string t = text_field(bytes_.subspan(pos_, n));
        pos_ += n;
        return t;
    }
    [[nodiscard]] std::size_t left() const noexcept { return bytes_.size() - pos_; }

private:
    std::span<const std::uint8_t> bytes_;
    std::size_t pos_ = 0;
};

// Fixed-size objects: count * size must be exactly the bytes after the count.
template <class Record, class Read>
result<app_objects> fixed(std::span<const std::uint8_t> objects, std::uint8_t count,
                          std::size_t size, Read read) {
    if (objects.size() != std::size_t{count} * size) {
        return errc::app_size;
    }
    std::vector<Record> out;
    out.reserve(count);
    object_reader r{objects};
    for (std::uint8_t i = 0; i < count; ++i) {
        out.push_back(read(r));
    }
    return app_objects{std::move(out)};
}

// Objects of `head` fixed bytes, then a length byte L, then L bytes of text.
template <class Record, class Read>
result<app_objects> prefixed(std::span<const std::uint8_t> objects, std::uint8_t count,
                             std::size_t head, Read read) {
    std::vector<Record> out;
    object_reader r{objects};
    for (std::uint8_t i = 0; i < count; ++i) {
        if (r.left() < head + 1) {
            return errc::app_size;
        }
        Record rec = read(r);
        const std::uint8_t length = r.u8();
        if (r.left() < length) {
            return errc::app_size;
        }
        rec.description = r.text(length);
        out.push_back(std::move(rec));
    }
    if (r.left() != 0) {
        return errc::app_size;
    }
    return app_objects{std::move(out)};
}

result<app_objects> decode_objects(app_type type, std::uint8_t n, std::span<const std::uint8_t> o) {
    switch (type) {
        case app_type::system_state:
            return fixed<system_state>(o, n, 10, [](object_reader& r) {
                system_state s;
                s.system_type = r.u8();
                s.system_address = r.u8();
                s.status.bits = r.u16();
                s.time = r.time();
                return s;
            });
        case app_type::component_state:
            return fixed<component_state>(o, n, 46, [](object_reader& r) {
                component_state s;
                s.system_type = r.u8();
                s.system_address = r.u8();
                s.component_type = r.u8();
                s.address.raw = r.u32();
                s.status.bits = r.u16();
                s.description = r.text(description_size);
                s.time = r.time();
                return s;
            });
        case app_type::analog_value:
            return fixed<analog_value>(o, n, 16, [](object_reader& r) {
                analog_value a;
                a.system_type = r.u8();
                a.system_address = r.u8();
                a.component_type = r.u8();
                a.address.raw = r.u32();
                a.analog_type = r.u8();
                a.value = static_cast<std::int16_t>(r.u16());
                a.time = r.time();
                return a;
            });
        case app_type::system_operation:
            return fixed<system_operation>(o, n, 10, [](object_reader& r) {
                system_operation op;
                op.system_type = r.u8();
                op.system_address = r.u8();
                op.flags.bits = r.u8();
                op.operator_id = r.u8();
                op.time = r.time();
                return op;
            });
        case app_type::system_software_version:
            return fixed<system_software_version>(o, n, 4, [](object_reader& r) {
                system_software_version v;
                v.system_type = r.u8();
                v.system_address = r.u8();
                v.major = r.u8();
                v.minor = r.u8();
                return v;
            });
        case app_type::system_configuration:
            return prefixed<system_configuration>(o, n, 2, [](object_reader& r) {
                system_configuration c;
                c.system_type = r.u8();
                c.system_address = r.u8();
                return c;
            });
        case app_type::component_configuration:
            return fixed<component_configuration>(o, n, 38, [](object_reader& r) {
                component_configuration c;
                c.system_type = r.u8();
                c.system_address = r.u8();
                c.component_type = r.u8();
                c.address.raw = r.u32();
                c.description = r.text(description_size);
                return c;
            });
        case app_type::system_clock:
            return fixed<system_clock>(o, n, 8, [](object_reader& r) {
                system_clock c;
                c.system_type = r.u8();
                c.system_address = r.u8();
                c.time = r.time();
                return c;
            });
        case app_type::uitd_state:
            return fixed<uitd_state>(o, n, 7, [](object_reader& r) {
                uitd_state s;
                s.status.bits = r.u8();
                s.time = r.time();
                return s;
            });
        case app_type::uitd_operation:
            return fixed<uitd_operation>(o, n, 8, [](object_reader& r) {
                uitd_operation op;
                op.flags.bits = r.u8();
                op.operator_id = r.u8();
                op.time = r.time();
                return op;
            });
        case app_type::uitd_software_version:
            return fixed<uitd_software_version>(o, n, 2, [](object_reader& r) {
                uitd_software_version v;
                v.major = r.u8();
                v.minor = r.u8();
                return v;
            });
        case app_type::uitd_configuration:
            return prefixed<uitd_configuration>(
                o, n, 0, [](object_reader&) { return uitd_configuration{}; });
        case app_type::uitd_clock:
            return fixed<uitd_clock>(o, n, 6,
                                     [](object_reader& r) { return uitd_clock{r.time()}; });
        default:
            return app_objects{raw_objects{{o.begin(), o.end()}}};
    }
}

}  // namespace

result<app_data> decode_app_data(std::span<const std::uint8_t> unit) {
    if (unit.size() < 2) {
        return errc::app_size;
    }
    app_data out;
    out.type = static_cast<app_type>(unit[0]);
    out.count = unit[1];
    auto objects = decode_objects(out.type, out.count, unit.subspan(2));
    if (!objects) {
        return objects.error();
    }
    out.objects = std::move(*objects);
    return out;
}

}  // namespace alarmd::protocols::gb26875
