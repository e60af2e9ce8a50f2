#!/usr/bin/env bash
# install-pg.sh — Debian's PostgreSQL server, which the tests start in a temporary folder of
# their own (tests/pg_server.py: initdb, a random port on 127.0.0.1, stopped by its PID).
# Idempotent: does nothing when it is installed. Needs root to install; `make test` runs it.
# The package's own cluster is not used by the tests (they never connect to it).
set -euo pipefail
report() {  # which PostgreSQL a run met: a failing run then says which one it was
  echo "PostgreSQL: $(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)" \
       "($(dpkg-query -W -f='${Version}' postgresql 2>/dev/null || echo '?'))" >&2
}
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then report; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then  # `make test` runs this: stop at once, saying what to run
  echo "PostgreSQL is missing (the postgres backend's tests need it): run  sudo bash $0" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "PostgreSQL is missing and this is not a Debian/Ubuntu system: install its server" \
       "(initdb and pg_ctl; the unaccent and pg_trgm extensions) by hand" >&2
  exit 1
fi
echo "installing postgresql (about 30 s, ~60 MB)..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
report
