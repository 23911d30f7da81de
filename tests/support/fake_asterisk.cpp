#include "tests/support/fake_asterisk.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <variant>

namespace alarmd::test {

namespace ami = protocols::ami;
using namespace std::chrono_literals;

namespace {

std::string lower(std::string_view s) {
    std::string out{s};
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// "Response: <kind>", the ActionID when the action had one, then `rest` (whole lines).
std::string response(std::string_view kind, const ami::message& action, std::string_view rest) {
    std::string out = "Response: " + std::string{kind} + "\r\n";
    if (action.has("ActionID")) {
        out += "ActionID: " + std::string{action.action_id()} + "\r\n";
    }
    out += rest;
    out += "\r\n";
    return out;
}

std::string epoch_timestamp() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) +
           ".000000";
}

[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string{"fake_asterisk: "} + what + ": " + std::strerror(errno));
}

}  // namespace

std::vector<ami::message> server_blocks(std::string_view session_text) {
    ami::decoder dec;
    dec.feed(session_text);
    dec.feed("\r\n\r\n");  // a last block without its empty line still counts
    std::vector<ami::message> out;
    while (auto d = dec.next()) {
        if (auto* m = std::get_if<ami::message>(&*d); m != nullptr && !m->is_action()) {
            out.push_back(std::move(*m));
        }
    }
    return out;
}

std::string wire_block(const ami::message& m) {
    std::string out;
    for (const ami::field& f : m.fields) {
        out += f.key + ": " + f.value + "\r\n";
    }
    out += "\r\n";
    return out;
}

fake_asterisk::fake_asterisk(options o) : options_(std::move(o)) {
    const auto give_up = [this](const char* what) {
        const int e = errno;
        for (const int fd : {listen_fd_, wake_read_, wake_write_}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
        errno = e;
        fail(what);
    };
    std::array<int, 2> pipe_fds{};
    if (::pipe2(pipe_fds.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        give_up("pipe");
    }
    wake_read_ = pipe_fds[0];
    wake_write_ = pipe_fds[1];
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) {
        give_up("socket");
    }
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(options_.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        give_up("bind");
    }
    if (::listen(listen_fd_, 8) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        give_up("listen");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
}

fake_asterisk::~fake_asterisk() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake();
    thread_.join();
    if (client_fd_ >= 0) {
        ::close(client_fd_);
    }
    ::close(listen_fd_);
    ::close(wake_read_);
    ::close(wake_write_);
}

void fake_asterisk::wake() {
    const char b = 1;
    (void)!::write(wake_write_, &b, 1);  // a full pipe already wakes it
}

bool fake_asterisk::play(std::string_view session_text, std::chrono::milliseconds timeout) {
    std::string bytes;
    for (const ami::message& m : server_blocks(session_text)) {
        bytes += wire_block(m);
    }
    {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, timeout, [this] { return logged_in_ || stopping_; }) ||
            stopping_) {
            return false;
        }
        out_ += bytes;
    }
    wake();
    return true;
}

void fake_asterisk::send_raw(std::string bytes) {
    {
        std::lock_guard lock(mutex_);
        if (client_fd_ < 0) {
            return;
        }
        out_ += bytes;
    }
    wake();
}

void fake_asterisk::drop() {
    std::unique_lock lock(mutex_);
    if (client_fd_ < 0) {
        return;
    }
    const int gone_after = connections_;
    const auto closed = [this, gone_after] {
        return client_fd_ < 0 || connections_ != gone_after || stopping_;
    };
    close_after_ = true;
    logged_in_ = false;
    lock.unlock();
    wake();
    lock.lock();
    if (!changed_.wait_for(lock, 5s, closed)) {
        out_.clear();  // a client that reads nothing: give up on the rest
        lock.unlock();
        wake();
        lock.lock();
        changed_.wait(lock, closed);
    }
}

int fake_asterisk::logins() const {
    std::lock_guard lock(mutex_);
    return logins_;
}

int fake_asterisk::failed_logins() const {
    std::lock_guard lock(mutex_);
    return failed_logins_;
}

int fake_asterisk::pings() const {
    std::lock_guard lock(mutex_);
    return pings_;
}

int fake_asterisk::connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
}

bool fake_asterisk::connected() const {
    std::lock_guard lock(mutex_);
    return client_fd_ >= 0;
}

std::vector<ami::message> fake_asterisk::actions() const {
    std::lock_guard lock(mutex_);
    return actions_;
}

bool fake_asterisk::wait_logged_in(int n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this, n] { return logins_ >= n; });
}

void fake_asterisk::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        std::array<pollfd, 2> fds{};
        fds[0] = {wake_read_, POLLIN, 0};
        if (client_fd_ < 0) {
            fds[1] = {listen_fd_, POLLIN, 0};
        } else {
            const bool pending = !out_.empty();
            fds[1] = {client_fd_, static_cast<short>(POLLIN | (pending ? POLLOUT : 0)), 0};
        }
        lock.unlock();
        const int n = ::poll(fds.data(), fds.size(), -1);
        if (n < 0 && errno != EINTR) {
            fail("poll");
        }
        if ((fds[0].revents & POLLIN) != 0) {
            std::array<char, 64> drain{};
            while (::read(wake_read_, drain.data(), drain.size()) > 0) {
            }
        }
        lock.lock();
        if (stopping_) {
            break;
        }
        if (client_fd_ < 0) {
            if ((fds[1].revents & POLLIN) != 0) {
                accept_client();
            }
            continue;
        }
        if (fds[1].fd == client_fd_ && fds[1].revents != 0) {
            read_client();
        }
        if (client_fd_ >= 0) {
            write_client();
        }
        if (client_fd_ >= 0 && close_after_ && out_.empty()) {
            close_client();
        }
    }
}

void fake_asterisk::accept_client() {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // answers go out at once
    client_fd_ = fd;
    ++connections_;
    decoder_ = ami::decoder{};
    logged_in_ = false;
    close_after_ = false;
    out_ = options_.banner + "\r\n";
    write_client();
    changed_.notify_all();
}

void fake_asterisk::read_client() {
    std::array<char, 4096> buf{};
    for (;;) {
        const auto n = ::recv(client_fd_, buf.data(), buf.size(), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n <= 0) {
            close_client();  // the client went (or the connection broke)
            return;
        }
        decoder_.feed(std::string_view{buf.data(), static_cast<std::size_t>(n)});
        while (auto d = decoder_.next()) {
            if (const auto* m = std::get_if<ami::message>(&*d)) {
                answer(*m);
            }
        }
        if (decoder_.failed()) {
            close_client();
            return;
        }
    }
}

void fake_asterisk::write_client() {
    while (!out_.empty()) {
        const auto n = ::send(client_fd_, out_.data(), out_.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n < 0) {
            close_client();
            return;
        }
        out_.erase(0, static_cast<std::size_t>(n));
    }
}

void fake_asterisk::close_client() {
    ::close(client_fd_);
    client_fd_ = -1;
    out_.clear();
    logged_in_ = false;
    close_after_ = false;
    changed_.notify_all();
}

void fake_asterisk::answer(const ami::message& m) {
    if (close_after_) {
        return;  // going away: Asterisk reads nothing more either
    }
    if (!m.has("Action")) {
        out_ += response("Error", m, "Message: Missing action in request\r\n");
        return;
    }
    actions_.push_back(m);
    const std::string action = lower(m.get("Action"));
    if (!logged_in_ && action != "login" && action != "challenge" && action != "logoff") {
        out_ += response("Error", m, "Message: Permission denied\r\n");
    } else if (action == "login") {
        const bool ok = lower(m.get("Username")) == lower(options_.username) &&
                        m.get("Secret") == options_.secret && !m.has("AuthType");
        if (ok) {
            logged_in_ = true;
            ++logins_;
            out_ += response("Success", m, "Message: Authentication accepted\r\n");
            out_ += "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n";
        } else {
            ++failed_logins_;
            out_ += response("Error", m, "Message: Authentication failed\r\n");
            close_after_ = true;
        }
    } else if (action == "ping") {
        ++pings_;
        out_ += response("Success", m, "Ping: Pong\r\nTimestamp: " + epoch_timestamp() + "\r\n");
    } else if (action == "logoff") {
        out_ += response("Goodbye", m, "Message: Thanks for all the fish.\r\n");
        close_after_ = true;
    } else {
        out_ += response("Error", m, "Message: Invalid/unknown command\r\n");
    }
    changed_.notify_all();
}

}  // namespace alarmd::test
