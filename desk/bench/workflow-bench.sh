#!/usr/bin/env bash
# Notice workflow benchmark.
#
#   desk/bench/workflow-bench.sh [COUNT]        (default 10000)
#
# COUNT notices about one customer's block (the TorGuard/QuadraNet shape) are stored, then the
# workflow (WorkflowBench) processes them — match, case, forward queued, strike, policy — and
# delivers every forward with the original attached to an SMTP server on loopback (GreenMail in
# the same JVM). Runs on an H2 file, then on a real PostgreSQL server (Debian's, started here on
# 127.0.0.1) when installed. Prints what it measured; not a test. Work files go to a temp folder
# removed at the end (KEEP=1 keeps it).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
. "$ROOT/scripts/java-env.sh"
cd "$ROOT"
COUNT=${1:-10000}
WORK=$(mktemp -d /tmp/seawall-workflow-bench.XXXXXX)
chmod 755 "$WORK" # PostgreSQL runs as its own user
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
AS_PG=()
[ "$(id -u)" -eq 0 ] && AS_PG=(runuser -u postgres --)

cleanup() {
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "== building" >&2
./mvnw -q -B -pl desk -am install -DskipTests >&2
./mvnw -q -B -pl desk test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >&2
CP="$ROOT/desk/target/test-classes:$ROOT/desk/target/classes:$(cat "$WORK/cp.txt")"
run() { # URL DIR
  mkdir -p "$2"
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Dseawall.root="$ROOT" -cp "$CP" dev.seawall.desk.bench.WorkflowBench "$1" "$2" "$COUNT"
}

echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "jdbc:h2:file:$WORK/h2/desk" "$WORK/h2"

if [ -n "$PGBIN" ]; then
  mkdir -p "$WORK/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK/pg"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1" -l "$WORK/pg/log" -w start >/dev/null
  "${AS_PG[@]}" "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE DATABASE bench" >/dev/null
  echo
  run "jdbc:postgresql://127.0.0.1:$PORT/bench?user=postgres" "$WORK/pgrun"
else
  echo "PostgreSQL not installed: skipped"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
