#pragma once
// One error_category per codec, from its errc enum and a function describing each value: the
// codecs share this instead of each writing the same category class.
#include <string>

#include <boost/system/error_category.hpp>

namespace alarmd::protocols {

template <class Errc>
class enum_category final : public boost::system::error_category {
public:
    using describe_fn = const char* (*)(Errc) noexcept;

    constexpr enum_category(const char* name, describe_fn describe) noexcept
        : name_(name), describe_(describe) {}

    [[nodiscard]] const char* name() const noexcept override { return name_; }
    [[nodiscard]] std::string message(int ev) const override {
        return describe_(static_cast<Errc>(ev));
    }

private:
    const char* name_;
    describe_fn describe_;
};

}  // namespace alarmd::protocols
