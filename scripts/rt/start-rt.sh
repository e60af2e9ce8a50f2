#!/usr/bin/env bash
# start-rt.sh — start a private Request Tracker 5 (Debian packages, SQLite, standalone server)
# on 127.0.0.1 for Centralino's rt backend: tests, demos, development. Not for production.
#
# usage: scripts/rt/start-rt.sh [STATE_DIR] [PORT]
#   STATE_DIR  everything of this instance: config, database, logs, pid, token (default
#              ./.rt-state); a second start on the same dir reuses its database and port
#   PORT       TCP port on 127.0.0.1 (default: a free one)
# env: RT_ROOT_PASSWORD (default rtpassword), RT_WORKERS (default 2), RT_BCRYPT_COST (default
#      12, RT's own; 4 makes every token/password check ~10x cheaper, for tests),
#      RT_AGENT_PASSWORD (when set: also a privileged user "agent" with this password),
#      RT_KEEPALIVE_REQS (default 1 = no keep-alive: the standalone server's few workers
#      would otherwise sit on idle client connections while other requests queue ~2 s).
# prints (and writes to STATE_DIR/env): RT_URL RT_PID RT_STATE RT_USER RT_PASSWORD RT_TOKEN_FILE
# The packages come from .ci/install-rt.sh (needs root once); this script never needs root.
set -euo pipefail

STATE=$(realpath -m "${1:-.rt-state}")
PORT=${2:-}
PASS=${RT_ROOT_PASSWORD:-rtpassword}
WORKERS=${RT_WORKERS:-2}
BCRYPT=${RT_BCRYPT_COST:-12}
SERVER=/usr/share/request-tracker5/libexec/rt-server
SETUP_DB=/usr/sbin/rt-setup-database-5

if [ ! -x "$SERVER" ] || [ ! -x "$SETUP_DB" ]; then
  echo "Request Tracker 5 is not installed: run .ci/install-rt.sh (as root) first" >&2
  exit 2
fi

if [ -f "$STATE/rt-server.pid" ] && kill -0 "$(cat "$STATE/rt-server.pid")" 2>/dev/null; then
  echo "already running: pid $(cat "$STATE/rt-server.pid")" >&2
  cat "$STATE/env"
  exit 0
fi

# ---- configuration of this instance only (RT_SITE_CONFIG* bypass /etc/request-tracker5) ----
if [ -z "$PORT" ] && [ -f "$STATE/RT_SiteConfig.pm" ]; then
  PORT=$(sed -n 's/^Set(\$WebPort, \([0-9]*\));/\1/p' "$STATE/RT_SiteConfig.pm")
fi
if [ -z "$PORT" ]; then
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
mkdir -p "$STATE/conf.d" "$STATE/mason" "$STATE/log"

# mail RT would send (autoreplies, notifications) lands in an mbox: nothing leaves the machine
cat > "$STATE/mail-sink" <<EOF
#!/bin/sh
{ echo "From rt@localhost \$(date)"; cat; echo; } >> "$STATE/outgoing.mbox"
EOF
chmod 755 "$STATE/mail-sink"

cat > "$STATE/RT_SiteConfig.pm" <<EOF
Set(\$rtname, 'centralino.test');
Set(\$Organization, 'centralino.test');
Set(\$CorrespondAddress, 'rt@localhost');
Set(\$CommentAddress, 'rt-comment@localhost');
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$STATE/rt.sqlite');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $PORT);
Set(\$WebPath, '');
Set(\$WebBaseURL, 'http://127.0.0.1:$PORT');
Set(\$MasonDataDir, '$STATE/mason');
Set(\$Timezone, 'UTC');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'warning');
Set(\$MailCommand, 'sendmailpipe');
Set(\$SendmailPath, '$STATE/mail-sink');
Set(\$BcryptCost, $BCRYPT);
# ticket search by entry text (TicketSQL Content LIKE) without an external index
Set(%FullTextSearch, Enable => 1, Indexed => 0);
1;
EOF
export RT_SITE_CONFIG="$STATE/RT_SiteConfig.pm" RT_SITE_CONFIG_DIR="$STATE/conf.d"

# ---- database, once per STATE_DIR: RT's schema plus the custom fields Centralino maps to ----
cat > "$STATE/centralino-initialdata.pl" <<'EOF'
my @categories = qw(information technical administrative complaint order refund other);
@CustomFields = (
    # customers = RT users; REST2 cannot search WorkPhone/MobilePhone, so phones live here
    { Name => 'Phone', Type => 'FreeformMultiple', LookupType => 'RT::User',
      Description => 'Caller phone numbers, E.164' },
    { Name => 'Tags', Type => 'FreeformMultiple', LookupType => 'RT::User',
      Description => 'Customer tags (VIP, ...)' },
    { Name => 'Console scope', Type => 'FreeformSingle', LookupType => 'RT::User',
      Description => 'Which console deployment (training lab, team) a customer belongs to' },
    { Name => 'Consent', Type => 'SelectMultiple', LookupType => 'RT::User',
      Description => 'GDPR consents given',
      Values => [ { Name => 'marketing', SortOrder => 1 }, { Name => 'recording', SortOrder => 2 } ] },
    # tickets, on every queue
    { Name => 'Tier', Type => 'SelectSingle', Queue => 0, Description => 'Escalation tier 1-3',
      Values => [ map { { Name => $_, SortOrder => $_ } } 1 .. 3 ] },
    { Name => 'Category', Type => 'SelectSingle', Queue => 0, Description => 'Request category',
      Values => [ map { { Name => $categories[$_], SortOrder => $_ } } 0 .. $#categories ] },
    { Name => 'Tags', Type => 'FreeformMultiple', Queue => 0, Description => 'Ticket tags' },
    { Name => 'Assignee', Type => 'FreeformSingle', Queue => 0,
      Description => 'Console operator handling the ticket' },
    { Name => 'Calls', Type => 'FreeformMultiple', Queue => 0,
      Description => 'Console call ids the ticket was opened from or linked to' },
    # ticket transactions (comments, correspondence)
    { Name => 'Author', Type => 'FreeformSingle', Queue => 0,
      LookupType => 'RT::Queue-RT::Ticket-RT::Transaction',
      Description => 'Console operator who wrote the entry' },
    { Name => 'Kind', Type => 'FreeformSingle', Queue => 0,
      LookupType => 'RT::Queue-RT::Ticket-RT::Transaction',
      Description => 'Console entry kind (note, call_log, system)' },
);
if ($ENV{RT_AGENT_PASSWORD}) {
    @Users = ( { Name => 'agent', Password => $ENV{RT_AGENT_PASSWORD}, Privileged => 1,
                 RealName => 'Second agent', EmailAddress => 'agent@localhost' } );
    @ACL = ( { UserId => 'agent', Right => 'SuperUser' } );
}
@Final = (
    sub {
        my $root = RT::User->new(RT->SystemUser); $root->Load('root');
        my $token = RT::AuthToken->new(RT::CurrentUser->new($root));
        my ($id, $msg, $secret) = $token->Create(Owner => $root->Id, Description => 'centralino');
        die "token: $msg" unless $id;
        open my $fh, '>', $ENV{RT_TOKEN_FILE} or die "$ENV{RT_TOKEN_FILE}: $!";
        print $fh "$secret\n"; close $fh; chmod 0600, $ENV{RT_TOKEN_FILE};
    },
);
1;
EOF
# RT_DB_TEMPLATE_DIR (optional): keep a copy of a freshly initialised database there and start
# later instances from it (seconds instead of RT's slow initialisation). The key covers all
# that goes into the database; copies use SQLite's backup API, never a file copy.
backup_db() { python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()' "$1" "$2"; }
TEMPLATE=""
if [ -n "${RT_DB_TEMPLATE_DIR:-}" ]; then
  KEY=$( { cat "$STATE/centralino-initialdata.pl"; echo "$PASS $BCRYPT ${RT_AGENT_PASSWORD:-}";
           dpkg-query -W -f='${Version}' request-tracker5 2>/dev/null; } | sha256sum | cut -c1-16)
  TEMPLATE="$RT_DB_TEMPLATE_DIR/rt-$KEY"
fi
if [ ! -s "$STATE/rt.sqlite" ] && [ -n "$TEMPLATE" ] && [ -s "$TEMPLATE/rt.sqlite" ]; then
  backup_db "$TEMPLATE/rt.sqlite" "$STATE/rt.sqlite"
  install -m 600 "$TEMPLATE/root.token" "$STATE/root.token"
fi
if [ ! -s "$STATE/rt.sqlite" ]; then
  umask 077; printf '%s\n' "$PASS" > "$STATE/.rootpw"; umask 022
  if ! { "$SETUP_DB" --action init --root-password-file "$STATE/.rootpw" &&
         RT_TOKEN_FILE="$STATE/root.token" "$SETUP_DB" --action insert \
             --datafile "$STATE/centralino-initialdata.pl"; } > "$STATE/log/setup-database.log" 2>&1
  then
    cat "$STATE/log/setup-database.log" >&2
    rm -f "$STATE/.rootpw" "$STATE/rt.sqlite"
    exit 1
  fi
  rm -f "$STATE/.rootpw"
  if [ -n "$TEMPLATE" ] && [ ! -s "$TEMPLATE/rt.sqlite" ]; then
    mkdir -p "$RT_DB_TEMPLATE_DIR"
    WORK=$(mktemp -d "$RT_DB_TEMPLATE_DIR/.new-XXXXXX")
    backup_db "$STATE/rt.sqlite" "$WORK/rt.sqlite" && install -m 600 "$STATE/root.token" "$WORK/"
    mv -T "$WORK" "$TEMPLATE" 2>/dev/null || rm -rf "$WORK"   # another run won the race
  fi
fi

# ---- the server, in its own session so stop-rt.sh can end exactly this process group ----
setsid "$SERVER" --host 127.0.0.1 --port "$PORT" --max-workers "$WORKERS" \
    --max-keepalive-reqs "${RT_KEEPALIVE_REQS:-1}" --access-log "$STATE/log/access.log" \
    </dev/null >>"$STATE/log/rt-server.log" 2>&1 &
PID=$!
echo "$PID" > "$STATE/rt-server.pid"

# ---- ready when REST 2.0 answers an authenticated request (at most 60 s) ----
URL="http://127.0.0.1:$PORT"
code=000
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "root:$PASS" "$URL/REST/2.0/queues/all" || true)
  [ "$code" = 200 ] && break
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "rt-server exited during start-up:" >&2
    tail -20 "$STATE/log/rt-server.log" >&2
    exit 1
  fi
  sleep 0.5
done
if [ "$code" != 200 ]; then
  echo "REST 2.0 not ready after 60 s (last HTTP $code); stopping pid $PID" >&2
  kill -TERM "$PID" 2>/dev/null || true
  exit 1
fi
printf 'RT_URL=%s\nRT_PID=%s\nRT_STATE=%s\nRT_USER=root\nRT_PASSWORD=%s\nRT_TOKEN_FILE=%s\n' \
  "$URL" "$PID" "$STATE" "$PASS" "$STATE/root.token" | tee "$STATE/env"
