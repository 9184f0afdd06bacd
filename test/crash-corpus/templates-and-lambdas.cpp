#include <memory>
#include <vector>

template <typename T, typename... Rest>
struct Holder : Holder<Rest...> {
    template <typename U = T, typename = std::enable_if_t<std::is_pointer_v<U>>>
    ~Holder() { delete value; }
    T value{};
};

template <> struct Holder<int> {};

auto make = [](auto &&...args) -> decltype(auto) {
    return std::make_unique<std::vector<int>>(std::forward<decltype(args)>(args)...);
};

int main() {
    int *p = new int[3];
    auto cleanup = [&]() noexcept { delete[] p; };
    cleanup();
    if constexpr (sizeof(int) == 4) { return p[0] > 1 ? 0 : 1; }
    return [p]() mutable { return *p; }();
}

namespace a::b::c { inline namespace v1 { void f() try { throw 1; } catch (...) { } } }
