#!/usr/bin/env bash
# install-rt.sh — the Debian packages of Request Tracker 5 that the rt backend's tests start
# (scripts/rt/start-rt.sh). Idempotent: does nothing when they are installed. Needs root to
# install; `make test` runs it first.
# dbconfig-no-thanks: the packaged database is not wanted (every instance creates its own);
# note that it disables dbconfig-common for every package on the machine.
set -euo pipefail
PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone dbconfig-no-thanks)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
done
report() {  # which RT a run met: a failing run then says which one it was
  echo "Request Tracker: request-tracker5 $(dpkg-query -W -f='${Version}' request-tracker5)" >&2
}
if [ ${#missing[@]} -eq 0 ]; then report; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then  # `make test` runs this: stop at once, saying what to run
  echo "Request Tracker 5 is missing (the rt backend's tests need it): run  sudo bash $0" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "Request Tracker 5 is missing and this is not a Debian/Ubuntu system: install" \
       "request-tracker5, rt5-db-sqlite and rt5-standalone by hand" >&2
  exit 1
fi
echo "installing ${missing[*]} (about 1 min, ~230 MB)..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
report
