#!/usr/bin/env bash
# The Debian package as an installer gets it: unpacked into a scratch root, its files, control
# fields and unit checked, its user and state folder made there as postinst makes them, and the
# installed binary run on the installed config. Usage: check_package.sh PATH.deb
set -euo pipefail

deb="$1"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { printf 'package: %s\n' "$*" >&2; exit 1; }

dpkg-deb -x "$deb" "$root"
control=$(dpkg-deb -f "$deb")
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)

for f in usr/bin/alarmd usr/bin/alarmctl lib/systemd/system/alarmd.service \
         usr/lib/sysusers.d/alarmd.conf usr/lib/tmpfiles.d/alarmd.conf etc/alarmd/alarmd.yaml \
         usr/share/bash-completion/completions/alarmctl usr/share/doc/alarmd/README.md \
         usr/share/doc/alarmd/examples/alarmd.example.yaml usr/share/doc/alarmd/docs/openapi.json \
         usr/share/alarmd/console/index.html; do
    [ -e "$root/$f" ] || fail "/$f is missing"
done
[ -x "$root/usr/bin/alarmd" ] || fail "/usr/bin/alarmd is not executable"

# Declared dependencies: the libraries it links (from dpkg-shlibdeps) and Redis recommended.
depends=$(printf '%s\n' "$control" | sed -n 's/^Depends: //p')
for lib in libhiredis libspdlog libyaml-cpp libboost-json1.81 libssl3 libsystemd0 tzdata; do
    [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
grep -q '^Recommends: redis-server' <<<"$control" || fail "redis-server not recommended"
[ "$conffiles" = "/etc/alarmd/alarmd.yaml" ] || fail "conffiles: '$conffiles'"
# Listed first, then searched: `tar | grep -q` under pipefail fails at random (grep leaves at
# its match, and tar, still writing, dies of SIGPIPE).
control_files=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)
for script in postinst prerm postrm; do
    grep -qx "./$script" <<<"$control_files" || fail "no $script"
done

# The unit runs what the package installed, on the config it installed.
unit="$root/lib/systemd/system/alarmd.service"
grep -q '^ExecStart=/usr/bin/alarmd --config /etc/alarmd/alarmd.yaml$' "$unit" ||
    fail "ExecStart does not run /usr/bin/alarmd on /etc/alarmd/alarmd.yaml"
grep -q '^User=alarmd$' "$unit" || fail "the unit does not run as alarmd"
# Its malloc tunables are ones this glibc takes: a misspelt name or value is ignored in silence.
tunables=$(sed -n 's/^Environment=GLIBC_TUNABLES=//p' "$unit")
[ -n "$tunables" ] || fail "the unit sets no GLIBC_TUNABLES"
ldso=(/lib64/ld-linux-*.so.*)
known=$(GLIBC_TUNABLES="$tunables" "${ldso[0]}" --list-tunables)
for t in ${tunables//:/ }; do
    grep -q "^${t%%=*}: $(printf '0x%x' "${t#*=}") " <<<"$known" ||
        fail "glibc does not take the unit's tunable $t"
done
# systemd-analyze checks it against this machine's systemd, with its paths in the scratch root.
sed "s|/usr/bin/alarmd|$root/usr/bin/alarmd|g; s|/etc/alarmd/|$root/etc/alarmd/|g" "$unit" \
    >"$root/alarmd.service"
out=$(systemd-analyze verify "$root/alarmd.service" 2>&1) || true
[ -z "$out" ] || fail "systemd-analyze verify: $out"

# What postinst does, in the scratch root: the user from sysusers.d, the folder from tmpfiles.d.
mkdir -p "$root/etc" && touch "$root/etc/passwd" "$root/etc/group"
systemd-sysusers --root="$root" >/dev/null 2>&1
grep -q '^alarmd:x:[0-9]*:[0-9]*:.*:/var/lib/alarmd:/usr/sbin/nologin$' "$root/etc/passwd" ||
    fail "sysusers.d made no alarmd user: $(cat "$root/etc/passwd")"
systemd-tmpfiles --root="$root" --create >/dev/null 2>&1 || true
[ "$(stat -c %a "$root/var/lib/alarmd" 2>/dev/null)" = 750 ] || fail "/var/lib/alarmd not made 0750"

# The installed binary reads the installed config, and says its version.
"$root/usr/bin/alarmd" --check-config "$root/etc/alarmd/alarmd.yaml" >/dev/null ||
    fail "the installed config does not pass --check-config"
grep -q '^alarmd ' <<<"$("$root/usr/bin/alarmd" --version)" || fail "alarmd --version"
grep -q '^alarmctl ' <<<"$("$root/usr/bin/alarmctl" --version)" || fail "alarmctl --version"
bash -n "$root/usr/share/bash-completion/completions/alarmctl" || fail "the completion does not parse"

echo "package ok: $(basename "$deb") ($(dpkg-deb -c "$deb" | grep -c -v '/$') files)"
