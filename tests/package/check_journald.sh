#!/usr/bin/env bash
# journald as the unit would see it: a private systemd-journald (in its own mount namespace, so
# the machine's journal, if any, is untouched), alarmd with stderr on the journal stream and
# JOURNAL_STREAM set as systemd sets it, and a Redis that goes away. `journalctl -p warning`
# must show the outage with PRIORITY=4 and the ALARMD_EVENT field, and keep info lines out.
# Needs root (unshare, mount); anywhere else it says it was skipped. Usage: check_journald.sh ALARMD
set -euo pipefail

alarmd="$1"
fail() { printf 'journald: %s\n' "$*" >&2; exit 1; }
if [ "$(id -u)" != 0 ] || ! unshare --mount true 2>/dev/null; then
    printf 'journald: SKIPPED (needs root and unshare --mount)\n' >&2
    exit 0
fi
journald=/lib/systemd/systemd-journald
[ -x "$journald" ] || fail "$journald is missing (package systemd)"

if [ "${1:-}" != --inside ]; then
    exec unshare --mount --propagation private "$0" --inside "$alarmd"
fi
alarmd="$2"
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p /run/systemd/journal /run/log
mount -t tmpfs tmpfs /run/systemd/journal
mount -t tmpfs tmpfs /run/log
"$journald" >"$work/journald.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S /run/systemd/journal/stdout ] && break; sleep 0.05; done
[ -S /run/systemd/journal/stdout ] || fail "systemd-journald did not start: $(cat "$work/journald.log")"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
http=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --save '' --appendonly no --dir "$work" >/dev/null &
pids+=($!)
cat >"$work/alarmd.yaml" <<YAML
server: { http_listen: "127.0.0.1:$http" }
redis: { url: "redis://127.0.0.1:$port/0" }
site: { buildings: [ { id: B1, name: "1号楼" } ] }
devices: []
people: [ { id: g01, name: "Guard", role: guard, token_sha256: "$(printf tok | sha256sum | cut -d' ' -f1)" } ]
YAML
# systemd sets JOURNAL_STREAM to the device:inode of the stream it connects to stderr.
systemd-cat -t alarmd sh -c 'export JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2); exec "$0" --config "$1"' \
    "$alarmd" "$work/alarmd.yaml" &
pids+=($!)
ready=
for _ in $(seq 100); do
    if [ -n "$(journalctl --no-pager -q ALARMD_EVENT=ready)" ]; then ready=1; break; fi
    sleep 0.1
done
[ -n "$ready" ] || fail "alarmd never logged event=ready: $(journalctl --no-pager -q | tail -5)"
redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
down=
for _ in $(seq 100); do
    if [ -n "$(journalctl --no-pager -q -p warning ALARMD_EVENT=redis_down)" ]; then
        down=1
        break
    fi
    sleep 0.1
done
[ -n "$down" ] || fail "journalctl -p warning shows no redis_down: $(journalctl --no-pager -q | tail -5)"
# Whole outputs, no `| grep -q` or `| head`: under pipefail a reader that leaves early kills
# the writer with SIGPIPE, and the check fails at random.
record=$(journalctl --no-pager -q -o verbose -p warning ALARMD_EVENT=redis_down)
grep -q 'PRIORITY=4' <<<"$record" || fail "redis_down is not at warning: $record"
grep -q 'MESSAGE=store.redis event=redis_down' <<<"$record" || fail "redis_down message: $record"
if [ -n "$(journalctl --no-pager -q -p warning ALARMD_EVENT=ready)" ]; then
    fail "event=ready (info) shows under -p warning"
fi
printf 'journald: journalctl -p warning shows the Redis outage (PRIORITY=4, ALARMD_EVENT=redis_down)\n'
