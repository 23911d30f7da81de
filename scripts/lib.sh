# Shared by scripts/run and scripts/test: package install, npm peers, builds. Quiet when there
# is nothing to do; every step says what it does when it does something.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

# Debian 12 packages. Never libboost-dev / libboost-all-dev: they are 1.74 and conflict.
PACKAGES=(build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
          libboost1.81-dev libboost-json1.81-dev libhiredis-dev libspdlog-dev libfmt-dev
          libyaml-cpp-dev libgtest-dev libgmock-dev libssl-dev libsystemd-dev zlib1g-dev
          redis-server redis-tools curl systemd file tzdata)

say() { printf '%s\n' "$*" >&2; }

sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The console's browser tests only (scripts/test): Debian's chromium, and a Chinese font so the
# screenshots they take are legible.
BROWSER_PACKAGES=(chromium fonts-wqy-zenhei)

# install_missing PKG...: installs the packages that are not installed yet.
install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

ensure_packages() {
    local node=()
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || node=(nodejs npm)
    install_missing "${PACKAGES[@]}" "${node[@]}"
}

ensure_browser() { install_missing "${BROWSER_PACKAGES[@]}"; }

# npm test peers (ws, smpp, playwright-core) in tests/peers, installed from its lock file.
ensure_npm_peers() {
    local dir="$ROOT/tests/peers"
    local stamp="$dir/node_modules/.installed"
    if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ]; then return 0; fi
    say "installing npm test peers"
    (cd "$dir" && npm ci --silent --no-audit --no-fund >/dev/null 2>&1 || npm ci --no-audit --no-fund)
    touch "$stamp"
}

# build DIR [cmake args...]: configure once, then an incremental ninja build.
build() {
    local dir="$1"; shift
    if [ ! -f "$dir/build.ninja" ]; then
        say "configuring $dir"
        cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >/dev/null
    fi
    local out
    if ! out=$(ninja -C "$dir" -j"$(nproc)" 2>&1); then
        printf '%s\n' "$out" >&2
        return 1
    fi
    # A here-string, not `printf | grep -q`: under pipefail grep's early exit would kill printf.
    if grep -q "warning:" <<<"$out"; then
        grep -A3 "warning:" <<<"$out" >&2
    fi
}

build_release() { build "$ROOT/build/release" -DCMAKE_BUILD_TYPE=RelWithDebInfo; }
