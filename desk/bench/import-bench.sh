#!/usr/bin/env bash
# Notice desk intake benchmark.
#
#   desk/bench/import-bench.sh [COUNT]        (default 250000)
#
# Generates COUNT notices shaped like the real senders' formats (NoticeGenerator: ten formats,
# random IPv4/IPv6 addresses, ports, times, titles, info-hashes, 1% re-sent duplicates) into one
# mbox, then with the real `seawall notices import`:
#   1. imports it into the embedded database (H2 file) and prints the time (target: <= 60 s);
#   2. imports it again (every notice is a duplicate: nothing stored);
#   3. starts a fresh import, kills it with SIGKILL midway, runs it again, checks the counts are
#      exactly the generator's (no notice lost, none doubled);
#   4. does 1 and 3 against a real PostgreSQL server (Debian's, started here on 127.0.0.1).
# Nothing here is a unit test: it prints what it measured. Work files go to $BENCH_DIR or a temp
# folder that is removed at the end (KEEP=1 keeps it).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
. "$ROOT/scripts/java-env.sh"
cd "$ROOT"
COUNT=${1:-250000}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/seawall-desk-bench.XXXXXX)}
mkdir -p "$WORK"
PGDIR="$WORK/pg"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
AS_PG=()
[ "$(id -u)" -eq 0 ] && AS_PG=(runuser -u postgres --)

cleanup() {
  if [ -n "${BG:-}" ]; then kill -9 "$BG" 2>/dev/null || true; fi
  if [ -f "$PGDIR/data/postmaster.pid" ]; then "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  if [ "${KEEP:-0}" != 1 ] && [ -z "${BENCH_DIR:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "== building (jar, generator)" >&2
./mvnw -q -B -pl cli -am package -Dmaven.test.skip=true >&2
./mvnw -q -B -pl desk test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >&2
JAR="$ROOT/cli/target/seawall.jar"
JAVA=("$JAVA_HOME/bin/java" -XX:+UseParallelGC)

echo "== generating $COUNT notices" >&2
"$JAVA_HOME/bin/java" -cp "$ROOT/desk/target/test-classes:$ROOT/desk/target/classes:$(cat "$WORK/cp.txt")" \
  dev.seawall.desk.bench.NoticeGenerator "$WORK/notices.mbox" "$COUNT" 42 >/dev/null
. <(sed 's/^/EXP_/' "$WORK/notices.mbox.expected")
MBOX_MB=$(( $(stat -c %s "$WORK/notices.mbox") / 1048576 ))

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# import DB -> prints "seconds" and leaves the command's summary in $WORK/last.out
import_timed() {
  local t0 t1
  t0=$(now)
  "${JAVA[@]}" -jar "$JAR" notices import "$WORK/notices.mbox" --db "$1" --no-progress >"$WORK/last.out" 2>"$WORK/last.err"
  t1=$(now)
  elapsed "$t0" "$t1"
}

counts() { # DB -> "NOTICES EVENTS"
  "${JAVA[@]}" -jar "$JAR" notices stats --db "$1" | awk '/^notices/ { print $2, $4 }'
}

check_exact() { # DB LABEL
  local got
  got=$(counts "$1")
  if [ "$got" = "$EXP_notices $EXP_events" ]; then
    echo "  counts exact: notices $EXP_notices, events $EXP_events ($2)"
  else
    echo "  COUNTS WRONG ($2): got notices/events '$got', expected '$EXP_notices $EXP_events'"; FAILED=1
  fi
}

kill_midway() { # DB SECONDS_OF_A_FULL_RUN LABEL
  # kill when the importer has read half of the mbox (its file offset, from /proc), whatever the load
  local t0 t1 size fd pos ts
  size=$(stat -c %s "$WORK/notices.mbox")
  "${JAVA[@]}" -jar "$JAR" notices import "$WORK/notices.mbox" --db "$1" --no-progress >"$WORK/killed.out" 2>&1 &
  BG=$!
  ts=$(now)
  pos=0
  while kill -0 "$BG" 2>/dev/null; do
    # (ls races with descriptors that close while it lists them: never let that end the script)
    fd=$(ls -l /proc/"$BG"/fd 2>/dev/null | awk -v f="$WORK/notices.mbox" '$NF == f { print $9; exit }' || true)
    if [ -n "$fd" ]; then
      pos=$(awk '/^pos:/ { print $2 }' /proc/"$BG"/fdinfo/"$fd" 2>/dev/null || true)
      [ "${pos:-0}" -ge $((size / 2)) ] && break
    fi
    sleep 0.2
  done
  kill -9 "$BG" 2>/dev/null || true
  wait "$BG" 2>/dev/null || true
  BG=
  echo "  killed with SIGKILL after $(elapsed "$ts" "$(now)") s, at byte $pos of $size of the mbox"
  local before
  before=$(counts "$1")
  echo "  stored when killed (notices events): $before"
  t0=$(now)
  "${JAVA[@]}" -jar "$JAR" notices import "$WORK/notices.mbox" --db "$1" --no-progress >"$WORK/rerun.out" 2>&1
  t1=$(now)
  echo "  re-run: $(head -n 1 "$WORK/rerun.out") ($(elapsed "$t0" "$t1") s)"
  check_exact "$1" "$3 after kill -9 and re-run"
}

FAILED=0
echo "desk intake benchmark: $EXP_messages messages ($EXP_notices distinct notices, $EXP_duplicates re-sent duplicates," \
  "$EXP_events events), mbox $MBOX_MB MiB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

H2="jdbc:h2:file:$WORK/h2/desk"
H2_S=$(import_timed "$H2")
echo "H2 (embedded file)   import: ${H2_S} s  ($(awk -v n="$EXP_messages" -v s="$H2_S" 'BEGIN { printf "%.0f", n / s }') notices/s)  target <= 60 s"
echo "  $(head -n 1 "$WORK/last.out")"
check_exact "$H2" "H2"
H2_AGAIN=$(import_timed "$H2")
echo "  same import again: ${H2_AGAIN} s: $(head -n 1 "$WORK/last.out")"
echo "  database size: $(du -sm "$WORK/h2" | cut -f1) MiB"
rm -rf "$WORK/h2"
kill_midway "jdbc:h2:file:$WORK/h2k/desk" "$H2_S" "H2"

if [ -n "$PGBIN" ] && [ -x "$PGBIN/pg_ctl" ]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$PGDIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
  # the server runs as postgres: it must be able to reach its folder inside the (0700) work folder
  [ "$(id -u)" -eq 0 ] && chmod o+x "$WORK"
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 ||
    { echo "PostgreSQL: initdb failed: $(tail -n 3 "$WORK/initdb.log")" >&2; exit 1; }
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1" \
    -l "$PGDIR/pg.log" -w start >/dev/null
  "${AS_PG[@]}" "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE bench" -c "CREATE DATABASE benchk" >/dev/null
  PG="jdbc:postgresql://127.0.0.1:$PORT/bench?user=postgres"
  PG_S=$(import_timed "$PG")
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') import: ${PG_S} s  ($(awk -v n="$EXP_messages" -v s="$PG_S" 'BEGIN { printf "%.0f", n / s }') notices/s)"
  echo "  $(head -n 1 "$WORK/last.out")"
  check_exact "$PG" "PostgreSQL"
  kill_midway "jdbc:postgresql://127.0.0.1:$PORT/benchk?user=postgres" "$PG_S" "PostgreSQL"
else
  echo "PostgreSQL: not installed (apt-get install postgresql); skipped"
fi
exit "$FAILED"
