#!/usr/bin/env bash
# stop-rt.sh [STATE_DIR] — stop the rt-server that start-rt.sh started in STATE_DIR, by the PID
# it recorded (never by name). SIGTERM to the master (it ends its workers), up to 15 s, then
# whatever is left of that PID's own process group (start-rt.sh runs it under setsid).
set -uo pipefail
STATE=$(realpath -m "${1:-.rt-state}")
PIDFILE="$STATE/rt-server.pid"
[ -f "$PIDFILE" ] || { echo "no pid file $PIDFILE" >&2; exit 1; }
PID=$(cat "$PIDFILE")
if ! kill -0 "$PID" 2>/dev/null; then
  echo "pid $PID is not running" >&2; rm -f "$PIDFILE"; exit 0
fi
# a stale pid file may name somebody else's process now: only ever signal an rt-server
if ! tr '\0' ' ' < "/proc/$PID/cmdline" | grep -q 'rt-server'; then
  echo "pid $PID is not an rt-server; leaving it alone" >&2; exit 1
fi
group_alive() { pgrep -g "$PID" >/dev/null 2>&1; }
kill -TERM "$PID"
for _ in $(seq 1 30); do group_alive || break; sleep 0.5; done
if group_alive; then
  echo "process group $PID still alive after 15 s; terminating it" >&2
  kill -TERM -- "-$PID" 2>/dev/null; sleep 2; kill -KILL -- "-$PID" 2>/dev/null
fi
rm -f "$PIDFILE"
echo "stopped rt-server pid $PID"
