#!/usr/bin/env bash
# The benchmark of issue 14: loads the running stack through the gateway and measures it against
# baselines taken on the same machine in the same run (pgbench doing backup-service's SQL, a bare Quarkus
# endpoint, backup-service without the gateway), then prints every measurement with its baseline, ratio
# and target, and writes the same as markdown to deploy/loadtest/target/bench-report.md.
#
#   deploy/loadtest/bench.sh            full run on the local stack, 15 s per measured phase (~10 min)
#   deploy/loadtest/bench.sh --smoke    every scenario once, seconds at small rates (~2 min); fails on any error
#   deploy/loadtest/bench.sh --gateway URL --issuer URL [-Dname=value ...]
#                                       against a cluster: the Gatling scenarios only
#   deploy/loadtest/bench.sh --only put,get [--smoke]   some phases only
#
# Phases, in this order: startup (each service restarted alone; full local run only), pgbench, warm (the
# JIT's warm-up: writes, reads and recoveries for a while, not measured; full runs only), bare, put, outbox, get,
# direct, recovery, otp, push, rss, then get's open-model run at half rate. Arguments -Dname=value go to every Gatling run
# (-Dgateway=URL and -Dissuer=URL are the same as --gateway and --issuer). Exit status: non-zero when a
# run failed or had an error; a target missed is reported, not failed. The local stack must be up
# (deploy/local/up.sh; root, like it: the scratch database is made as postgres). The numbers are only
# worth comparing when nothing else runs on the machine. What each number means: bench/README.md.
set -euo pipefail

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# lib.sh (ports, pid files, logging, the local Kafka logins) and infra.sh's psql_admin.
# shellcheck source=../local/infra.sh
source "$BENCH_HOME/../local/infra.sh"

OUT=$BENCH_HOME/target/bench
REPORT=$BENCH_HOME/target/bench-report.md
GATLING_RESULTS=$BENCH_HOME/target/gatling
SIMULATIONS=$BENCH_HOME/src/test/java/io/authcloud/loadtest
BARE_MODULE=$BENCH_HOME/bare
BARE_JAR=$BARE_MODULE/target/quarkus-app/quarkus-run.jar
BARE_PORT=${BARE_PORT:-8089}
# A scratch database for pgbench, made and dropped by this script; never a service's own.
BENCH_DB=backup_bench
# The Kafka login of test-support, which may read every topic (deploy/local/kafka/acls.txt).
KAFKA_TEST_USER=authcloud-test
ALL_PHASES=(startup pgbench warm bare put outbox get direct recovery otp push rss)

usage() {
  sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# =============================================================================================
# Settings of the run
# =============================================================================================
SMOKE=0
GATEWAY=http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT
ISSUER=$OIDC_AUTH_SERVER_URL
EXTRA_PROPS=()
ONLY=""

parse_args() {
  while (($#)); do
    case "$1" in
      --smoke) SMOKE=1 ;;
      --gateway) GATEWAY=${2:?--gateway needs a URL}; shift ;;
      --issuer) ISSUER=${2:?--issuer needs a URL}; shift ;;
      --only) ONLY=${2:?--only needs phase names}; shift ;;
      -Dgateway=*) GATEWAY=${1#-Dgateway=} ;;
      -Dissuer=*) ISSUER=${1#-Dissuer=} ;;
      -D?*=*) EXTRA_PROPS+=("$1") ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
  done
  GATEWAY=${GATEWAY%/}
  ISSUER=${ISSUER%/}
  local phase
  for phase in ${ONLY//,/ }; do
    [[ " ${ALL_PHASES[*]} " == *" $phase "* ]] || die "unknown phase '$phase' (phases: ${ALL_PHASES[*]})"
  done
}

# Local: the gateway is this machine's stack, so its servers, PostgreSQL and Kafka can be measured too.
is_local() {
  [[ "$GATEWAY" =~ ^http://(127\.0\.0\.1|localhost):$AUTHCLOUD_GATEWAY_PORT$ ]]
}

# The phases this run makes: the local-only ones are dropped against a cluster, the restarts in a smoke run.
wants() {
  local phase=$1
  if [[ -n "$ONLY" && ",$ONLY," != *",$phase,"* ]]; then
    return 1
  fi
  case "$phase" in
    startup) is_local && ((!SMOKE)) ;;
    pgbench | bare | outbox | rss) is_local ;;
    # The same simulation as get, only elsewhere: not worth a smoke run's seconds.
    direct) is_local && ((!SMOKE)) ;;
    warm) ((!SMOKE)) ;;
    *) return 0 ;;
  esac
}

configure() {
  if ((SMOKE)); then
    # Seconds and small rates: proves every scenario, the parsers and the tools work, in under 3 minutes.
    DURATION=3 WARMUP=1 CONCURRENCY=2 PG_SECONDS=2 PG_CLIENTS=2 PG_THREADS=1
    OUTBOX_RATE=0 RECOVERY_RATE=1
    # Few people for BackupStormSimulation: a smoke makes ~100 writes, 8 people may make 456 a minute.
    BACKUP_EXPECTED=(-Dpeople=8)
  else
    # The issue's numbers: 16 connections, 15 s measured (after 10 s of warm-up, not measured).
    DURATION=${BENCH_DURATION:-15} WARMUP=${BENCH_WARMUP:-10} CONCURRENCY=16 PG_SECONDS=${BENCH_DURATION:-15}
    PG_CLIENTS=16 PG_THREADS=2 OUTBOX_RATE=200 RECOVERY_RATE=20 BACKUP_EXPECTED=()
  fi
  COMMON_PROPS=(-Dgateway="$GATEWAY" -Dissuer="$ISSUER" -DdurationSeconds="$DURATION"
    -DwarmupSeconds="$WARMUP" -Dconcurrency="$CONCURRENCY" "${EXTRA_PROPS[@]}")
}

# =============================================================================================
# Results: every measurement is a row of the main table (results.tsv); the services' start-up and
# memory, and each Gatling run's requests, have tables of their own.
# =============================================================================================
FAILED=()
MET=0
MISSED=0
declare -A RATE=() P50=() P95=() P99=() COUNT=() RUN_FAILED=()

# fail_run <label> <why>: the run failed or had errors; the bench will exit non-zero.
fail_run() {
  FAILED+=("$1: $2")
  RUN_FAILED[$1]=1
  warn "$1: $2"
}

# result_row <measurement> <load> <rate> <p50> <p95> <p99> <baseline> <ratio> <target> <result>
result_row() {
  local IFS=$'\t'
  echo "$*" >>"$OUT/results.tsv"
}

# judge <0|1>: sets VERDICT to "met" or "missed" and counts it (not in a subshell, or the count is lost).
# A smoke run's numbers mean nothing, so it judges nothing.
judge() {
  if ((SMOKE)); then
    VERDICT="(smoke)"
  elif (($1)); then
    MET=$((MET + 1))
    VERDICT=met
  else
    MISSED=$((MISSED + 1))
    VERDICT=missed
  fi
}

# verdict <command...>: judges whether the command succeeds; sets VERDICT.
verdict() {
  if "$@"; then judge 1; else judge 0; fi
}

# Formats a rate: whole numbers from 100 a second up, one decimal below.
fmt_rate() {
  awk -v r="$1" 'BEGIN { printf (r >= 100 ? "%.0f" : "%.1f"), r }'
}

# ratio <value> <baseline>: "37 %" (empty when either is unknown).
ratio() {
  [[ -n "$1" && -n "$2" ]] || return 0
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b }'
}

# at_least <value> <baseline> <fraction>: succeeds when value >= fraction * baseline.
at_least() {
  awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { exit !(a >= f * b) }'
}

at_most() {
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a <= b) }'
}

# percentiles <file of numbers, one a line>: "count p50 p95 p99 max" by nearest rank ("0" when empty).
percentiles() {
  sort -g "$1" | awk '
    function rank(p,   i) { i = p * NR / 100; if (i > int(i)) i = int(i) + 1; return v[i < 1 ? 1 : i] }
    { v[NR] = $1 }
    END { if (NR == 0) { print 0; exit } print NR, rank(50), rank(95), rank(99), v[NR] }'
}

# =============================================================================================
# The local stack and the bare application
# =============================================================================================
require_local_stack() {
  local module missing=()
  url_ok "$GATEWAY_HEALTH_URL" || missing+=(gateway)
  for module in "${SERVICE_MODULES[@]}"; do
    url_ok "$(service_ready_url "$module")" || missing+=("$module")
  done
  ((${#missing[@]} == 0)) || die "not ready: ${missing[*]}; start the local stack first: deploy/local/up.sh"
  command -v pgbench >/dev/null || die "pgbench is missing (Debian: postgresql-15, which deploy/local/infra.sh installs)"
}

# The bare module is packaged by the reactor build; package it here only when its jar is missing or older
# than its sources (a Quarkus build costs ~30 s).
ensure_bare_built() {
  if [[ -f "$BARE_JAR" ]] && [[ -z "$(find "$BARE_MODULE/src" "$BARE_MODULE/pom.xml" -newer "$BARE_JAR" -print -quit)" ]]; then
    return 0
  fi
  info "packaging deploy/loadtest/bare (log: $OUT/build-bare.log)"
  # With a class-data archive, as up.sh packages the services.
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl deploy/loadtest/bare -DskipTests -Dquarkus.package.jar.appcds.enabled=true package) \
    >"$OUT/build-bare.log" 2>&1 \
    || fail_component "deploy/loadtest/bare" "./mvnw package failed" "$OUT/build-bare.log"
}

# peek_pid <name> <pattern>: like lib.sh's running_pid, but never removes the pid file: up.sh writes it
# before its child has become the java process, and this looks at it meanwhile.
peek_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f "$file" ]] || return 1
  pid=$(<"$file")
  [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

# Epoch milliseconds at which a process was launched (its start time in /proc: 10 ms resolution).
process_start_ms() {
  local stat ticks boot hz
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  ticks=$(awk '{ print $20 }' <<<"$stat") # field 22 of the line, counted after "pid (comm)"
  boot=$(awk '/^btime/ { print $2 }' /proc/stat)
  hz=$(getconf CLK_TCK)
  echo $((boot * 1000 + ticks * 1000 / hz))
}

# await_ready <pid> <timeout-s> <command...>: polls the command every 20 ms (finer than wait_for's 0.5 s)
# until it succeeds; prints the epoch ms at which it first did. Fails when the process dies or time is up.
await_ready() {
  local pid=$1 deadline=$((SECONDS + $2))
  shift 2
  while ((SECONDS < deadline)); do
    if "$@"; then
      date +%s%3N
      return 0
    fi
    pid_alive "$pid" || return 1
    sleep 0.02
  done
  return 1
}

bare_ready() {
  curl -fsS -o /dev/null --max-time 1 -H 'Content-Type: application/json' -d '{"id":"ready","code":"0"}' \
    "http://$LOCALHOST:$BARE_PORT/bare/echo" 2>/dev/null
}

service_ready() {
  curl -fsS -o /dev/null --max-time 1 "$(service_ready_url "$1")" 2>/dev/null
}

# Starts the bare application as up.sh starts a service (same java, JVM options, environment, class-data
# archive when there is one, binding) and records its start-up like the services'. Its readiness is its
# endpoint answering: it has no health extension.
start_bare() {
  local pid launched ready app=${BARE_JAR%/quarkus-run.jar} jvm=(-Xms64m -Xmx256m) cds=()
  # lib.sh's SERVICE_JVM_OPTIONS when it has them (the services' own), else up.sh's former heap.
  if declare -p SERVICE_JVM_OPTIONS >/dev/null 2>&1; then
    jvm=("${SERVICE_JVM_OPTIONS[@]}")
  fi
  [[ -f $app/app-cds.jsa ]] && cds=(-XX:SharedArchiveFile=app-cds.jsa)
  stop_pid loadtest-bare "loadtest/bare/target/quarkus-app" 10
  port_open "$BARE_PORT" && die "port $BARE_PORT (BARE_PORT) is taken by $(port_owner "$BARE_PORT")"
  pid=$(
    cd "$app"
    export MALLOC_ARENA_MAX=2
    start_bg loadtest-bare "$OUT/bare.log" "$(project_java)" "${jvm[@]}" "${cds[@]}" -Dauthcloud.app="$app" \
      -Dquarkus.http.host="$LOCALHOST" -Dquarkus.http.port="$BARE_PORT" -jar quarkus-run.jar
  )
  launched=$(process_start_ms "$pid")
  ready=$(await_ready "$pid" 60 bare_ready) || fail_component "bare application" "it did not answer" "$OUT/bare.log"
  BARE_STARTUP_MS=$((ready - launched))
  info "bare application ready in ${BARE_STARTUP_MS} ms (pid $pid)"
}

stop_bare() {
  stop_pid loadtest-bare "loadtest/bare/target/quarkus-app" 10 2>/dev/null || true
}

# Quarkus's own "started in" of the last start in a log (JVM start and class loading not included).
quarkus_started_in() {
  grep -o 'started in [0-9.]*s' "$1" 2>/dev/null | tail -n 1 | grep -o '[0-9.]*' || true
}

# The non-secret settings a running service was started with that change how it answers (the limits
# up.sh's caller may have raised, e.g. AUTHCLOUD_BACKUP_WRITES_PER_MINUTE): a restart keeps them. Only
# names matching this pattern are read from the process's environment.
kept_limits() {
  grep -zE '^AUTHCLOUD_[A-Z_]*_PER_(MINUTE|HOUR|DAY)=[0-9]+$' "/proc/$1/environ" 2>/dev/null | tr '\0' '\n' || true
}

# The limits each local service was started with (kept_limits), taken when the bench starts: a service that
# dies during a run is started again with them.
declare -A SERVICE_LIMITS=()
remember_service_limits() {
  local module pid
  is_local || return 0
  for module in "${SERVICE_MODULES[@]}"; do
    pid=$(running_pid "$module" "$module/target/quarkus-app") || continue
    SERVICE_LIMITS[$module]=$(kept_limits "$pid" | paste -sd' ' -)
  done
}

# services_survived <label>: after a run, every local service that was up must still be. One that died
# (e.g. out of heap under an overload it could not shed) fails the run, with the last line of its log, and
# is started again as up.sh starts it, so that the later phases still measure a whole stack.
services_survived() {
  local label=$1 module last limits
  is_local || return 0
  for module in "${!SERVICE_LIMITS[@]}"; do
    running_pid "$module" "$module/target/quarkus-app" >/dev/null && continue
    last=$(tail -n 1 "$LOG_DIR/$module.log" 2>/dev/null | cut -c1-200)
    fail_run "$label" "$module died during the run (last line of $LOG_DIR/$module.log: ${last:-none})"
    info "starting $module again"
    read -r -a limits <<<"${SERVICE_LIMITS[$module]}"
    env "${limits[@]}" AUTHCLOUD_SKIP_BUILD=1 "$LOCAL_DIR/up.sh" >"$OUT/restart-$module-after-$label.log" 2>&1 \
      || fail_run "$label" "$module did not start again (log: $OUT/restart-$module-after-$label.log)"
  done
}

# Start-up of each service on its own: stopped, then started again by deploy/local/up.sh (its command line
# and environment, AUTHCLOUD_SKIP_BUILD=1), while the infrastructure and the other three services keep
# running idle. Time from the JVM's launch (the process's start time) to /q/health/ready answering 200,
# polled every 20 ms. The service is left running as up.sh started it.
phase_startup() {
  local module pid limits launched ready up_pid log
  for module in "${SERVICE_MODULES[@]}"; do
    if ! pid=$(running_pid "$module" "$module/target/quarkus-app"); then
      STARTUP[$module]="not measured: not started by deploy/local/up.sh of this checkout"
      continue
    fi
    mapfile -t limits < <(kept_limits "$pid")
    info "start-up: restarting $module alone"
    stop_pid "$module" "$module/target/quarkus-app" 30
    log=$OUT/startup-$module.up.log
    env "${limits[@]}" AUTHCLOUD_SKIP_BUILD=1 "$LOCAL_DIR/up.sh" >"$log" 2>&1 &
    up_pid=$!
    # up.sh checks the infrastructure first (about a second), then launches the service.
    pid=""
    local deadline=$((SECONDS + 120))
    while ((SECONDS < deadline)); do
      pid=$(peek_pid "$module" "$module/target/quarkus-app") && break
      pid=""
      pid_alive "$up_pid" || break
      sleep 0.02
    done
    if [[ -z "$pid" ]]; then
      wait "$up_pid" || true
      fail_run "startup $module" "up.sh did not start it (log: $log)"
      continue
    fi
    launched=$(process_start_ms "$pid")
    if ready=$(await_ready "$pid" 120 service_ready "$module"); then
      STARTUP[$module]=$((ready - launched))
    else
      fail_run "startup $module" "it did not get ready (log: $LOG_DIR/$module.log)"
    fi
    wait "$up_pid" || fail_run "startup $module" "deploy/local/up.sh failed (log: $log)"
    STARTED_IN[$module]=$(quarkus_started_in "$LOG_DIR/$module.log")
  done
}

# Resident memory of each service (VmRSS) now, after the load.
phase_rss() {
  local module pid port
  for module in "${SERVICE_MODULES[@]}"; do
    pid=$(peek_pid "$module" "$module/target/quarkus-app") || {
      port=$(service_port "$module")
      pid=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)
    }
    if [[ -n "$pid" && -r /proc/$pid/status ]]; then
      RSS[$module]=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
    fi
  done
  if pid=$(peek_pid loadtest-bare "loadtest/bare/target/quarkus-app"); then
    RSS[bare]=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  fi
}

# =============================================================================================
# pgbench: backup-service's PUT and GET in PostgreSQL alone
# =============================================================================================
psql_bench() {
  PGPASSWORD=$BENCH_DB_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$LOCALHOST" -p "$PGPORT" -U "$BENCH_DB_USER" \
    -d "$BENCH_DB" "$@"
}

# The scratch database: owned by backup-service's login (same authentication over TCP as the service),
# its schema made by the service's own migrations in Flyway's order (platform's V1, the service's V2 and
# V3, then the repeatable R__ with the outbox trigger), then 64 locations with five versions each.
create_bench_db() {
  BENCH_DB_USER=backup BENCH_DB_PASSWORD=backup # deploy/local's fixed local login of backup-service
  drop_bench_db
  : >"$OUT/pgbench-setup.log"
  psql_admin -c "CREATE DATABASE $BENCH_DB OWNER $BENCH_DB_USER" >/dev/null 2>>"$OUT/pgbench-setup.log" || return 1
  local migration
  for migration in platform/src/main/resources/db/platform/V1__outbox_and_processed_events.sql \
    backup-service/src/main/resources/db/migration/V2__backups.sql \
    backup-service/src/main/resources/db/migration/V3__pinned_versions.sql \
    platform/src/main/resources/db/platform/R__chassis_columns.sql; do
    psql_bench -f "$REPO_ROOT/$migration" >/dev/null 2>>"$OUT/pgbench-setup.log" || return 1
  done
  psql_bench -v ciphertext="$CIPHERTEXT" -v sha256="$CIPHERTEXT_SHA256" -f "$BENCH_HOME/bench/pgbench-seed.sql" \
    >/dev/null 2>>"$OUT/pgbench-setup.log" || return 1
}

drop_bench_db() {
  psql_admin -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
}

# run_pgbench <label> <script> [-D ...]: 16 connections, 2 threads, 15 s (smoke: less); one line per
# transaction in the log, for the percentiles.
run_pgbench() {
  local label=$1 script=$2 dir=$OUT/pgbench-$1
  shift 2
  rm -rf "$dir" && mkdir -p "$dir"
  info "pgbench: $label ($PG_CLIENTS connections, $PG_THREADS threads, ${PG_SECONDS}s)"
  if ! (cd "$dir" && PGPASSWORD=$BENCH_DB_PASSWORD pgbench -n -M extended -h "$LOCALHOST" -p "$PGPORT" -U "$BENCH_DB_USER" \
    -c "$PG_CLIENTS" -j "$PG_THREADS" -T "$PG_SECONDS" -l --log-prefix="$dir/tx" -f "$BENCH_HOME/bench/$script" "$@" \
    "$BENCH_DB") >"$dir/pgbench.out" 2>&1; then
    fail_run "pgbench $label" "pgbench failed (see $dir/pgbench.out)"
    tail -n 5 "$dir/pgbench.out" >&2
    return 0
  fi
  local failed tps
  failed=$(awk '/number of failed transactions:/ { print $5 }' "$dir/pgbench.out")
  [[ "${failed:-0}" == 0 ]] || fail_run "pgbench $label" "$failed failed transactions"
  tps=$(awk '/^tps = / { print $3 }' "$dir/pgbench.out")
  # Column 3 of a transaction log line is its latency in microseconds.
  cat "$dir"/tx.* | awk '{ printf "%.1f\n", $3 / 1000 }' >"$dir/latencies.ms"
  read -r COUNT[$label] P50[$label] P95[$label] P99[$label] _ <<<"$(percentiles "$dir/latencies.ms")"
  RATE[$label]=$tps
}

# Connection slots PostgreSQL has left for ordinary logins (the services' pools hold theirs even idle).
free_pg_slots() {
  psql_admin -At -c "SELECT current_setting('max_connections')::int
    - current_setting('superuser_reserved_connections')::int - count(*) FROM pg_stat_activity
    WHERE backend_type = 'client backend'" 2>/dev/null
}

phase_pgbench() {
  local free
  free=$(free_pg_slots)
  if [[ "$free" =~ ^-?[0-9]+$ ]] && ((free < PG_CLIENTS + 2)); then
    fail_run pgbench "PostgreSQL has $free connection slots left, pgbench needs $((PG_CLIENTS + 2)): the services' pools and other clients hold the rest (SELECT datname, usename, count(*) FROM pg_stat_activity GROUP BY 1, 2)"
  else
    pgbench_both
  fi
  pgbench_row pg_put "pgbench: PUT's transaction (lock, version, prune, outbox, update)"
  pgbench_row pg_get "pgbench: GET's select (row + 8 KiB version)"
}

# The scratch database, both pgbench runs, and the database dropped again.
pgbench_both() {
  CIPHERTEXT=$(head -c 8192 /dev/urandom | base64 -w0)
  CIPHERTEXT_SHA256=$(base64 -d <<<"$CIPHERTEXT" | sha256sum | cut -d' ' -f1)
  if create_bench_db; then
    run_pgbench pg_put pgbench-put.sql -D ciphertext="$CIPHERTEXT" -D sha256="$CIPHERTEXT_SHA256"
    run_pgbench pg_get pgbench-get.sql
  else
    fail_run pgbench "creating the scratch database failed (see $OUT/pgbench-setup.log)"
  fi
  drop_bench_db
}

pgbench_row() {
  local label=$1 what=$2 load="$PG_CLIENTS connections, ${PG_SECONDS} s"
  if [[ -z "${RATE[$label]:-}" || -n "${RUN_FAILED[pgbench $label]:-}" ]]; then
    result_row "$what" "$load" "${RATE[$label]:+$(fmt_rate "${RATE[$label]}")}" "${P50[$label]:-}" "${P95[$label]:-}" \
      "${P99[$label]:-}" "" "" "" "FAILED"
    return 0
  fi
  result_row "$what" "$load" "$(fmt_rate "${RATE[$label]}")" "${P50[$label]}" "${P95[$label]}" "${P99[$label]}" "" "" "" "baseline"
}

# =============================================================================================
# Gatling
# =============================================================================================

# gatling <label> <simulation> [-Dname=value ...]: runs one simulation with ./mvnw gatling:test and reads
# its numbers: the run folder's js/stats.json (which the simulations write: Gatling 3.15 itself writes none),
# else the statistics table of Gatling's index.html. The measured requests (not "warmup ...") go to
# <label>.stats.tsv. Fails (recording why) when the simulation is missing, the run failed or any request,
# warm-up included, failed.
gatling() {
  local label=$1 simulation=$2 log dir marker ko
  shift 2
  log=$OUT/$label.gatling.log
  marker=$OUT/$label.started
  rm -f "$OUT/$label.stats.tsv" "$OUT/$label.all.tsv"
  if [[ ! -f "$SIMULATIONS/$simulation.java" ]]; then
    fail_run "$label" "the simulation $simulation does not exist ($SIMULATIONS)"
    return 1
  fi
  info "gatling: $label ($simulation $*; log: $log)"
  touch "$marker"
  local rc=0
  # An open model opens a connection per virtual user: thousands at the higher rates.
  (ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    cd "$REPO_ROOT" && ./mvnw -B -q -pl deploy/loadtest gatling:test \
    -Dgatling.simulationClass="io.authcloud.loadtest.$simulation" "${COMMON_PROPS[@]}" "$@") >"$log" 2>&1 || rc=$?
  # The newest report written by this run (Gatling names it <simulation in lower case>-<timestamp>).
  dir=$(find "$GATLING_RESULTS" -maxdepth 1 -type d -name "${simulation,,}-*" -newer "$marker" -printf '%T@ %p\n' 2>/dev/null \
    | sort -n | tail -n 1 | cut -d' ' -f2-)
  if [[ -n "$dir" && -f "$dir/js/stats.json" ]]; then
    jq -r -f "$BENCH_HOME/bench/gatling-stats.jq" "$dir/js/stats.json" >"$OUT/$label.all.tsv" \
      || { fail_run "$label" "cannot read $dir/js/stats.json"; return 1; }
  elif [[ -n "$dir" && -f "$dir/index.html" ]]; then
    awk -f "$BENCH_HOME/bench/gatling-stats.awk" "$dir/index.html" >"$OUT/$label.all.tsv" \
      || { fail_run "$label" "cannot read the report $dir/index.html"; return 1; }
  fi
  if [[ -f "$OUT/$label.all.tsv" ]]; then
    awk -F'\t' '$1 != "All Requests" && $1 !~ /(^| \/ )warmup /' \
      "$OUT/$label.all.tsv" >"$OUT/$label.stats.tsv"
    # Failed answers of every request and group, warm-up included (a group fails without a failed request
    # when its flow broke off).
    ko=$(awk -F'\t' '{ ko += $4 } END { print ko + 0 }' "$OUT/$label.all.tsv")
    REPORTS[$label]=$dir
  fi
  services_survived "$label"
  if ((rc != 0)); then
    fail_run "$label" "the Gatling run failed (exit $rc, log: $log)"
    # Gatling's end of the log (its errors table), without Maven's boilerplate.
    grep -v -e '^\s*$' -e '^\[ERROR\]' "$log" | tail -n 12 | sed 's/^/           | /' >&2
    return 1
  fi
  if [[ -z "$dir" ]]; then
    fail_run "$label" "the run left no report under $GATLING_RESULTS"
    return 1
  fi
  if [[ "${ko:-0}" != 0 ]]; then
    fail_run "$label" "$ko failed requests or flows (report: $dir/index.html, numbers: $dir/js/stats.json)"
    return 1
  fi
  # An error Gatling only logs (a session hook that threw, a crash of a virtual user) is an error too.
  if grep -q '\[ERROR\]' "$log"; then
    fail_run "$label" "Gatling logged errors: $(grep -m 1 '\[ERROR\]' "$log" | cut -c1-160)"
    return 1
  fi
}

# measured <label> [<request or group name>]: takes from the run's measured rows the one named (or, with
# no name, the only one, or the only group), into RATE (count / measured seconds), COUNT, P50, P95, P99.
measured() {
  local label=$1 name=${2:-} file=$OUT/$1.stats.tsv line
  [[ -f "$file" ]] || return 1
  if [[ -n "$name" ]]; then
    line=$(awk -F'\t' -v n="$name" '$1 == n' "$file" | head -n 1)
  elif (($(grep -c . "$file") == 1)); then
    line=$(head -n 1 "$file")
  else
    # Several rows: a flow is measured by its group (the row other rows' paths start with).
    line=$(awk -F'\t' '{ path[NR] = $1; row[NR] = $0 }
      END { for (i = 1; i <= NR; i++) for (j = 1; j <= NR; j++) if (index(path[j], path[i] " / ") == 1) { print row[i]; exit } }' "$file")
  fi
  if [[ -z "$line" ]]; then
    fail_run "$label" "no measured request${name:+ named \"$name\"} in its report (rows: $(cut -f1 "$file" | paste -sd, -))"
    return 1
  fi
  local path total ok ko p50 p95 p99 max mean
  IFS=$'\t' read -r path total ok ko p50 p95 p99 max mean <<<"$line"
  COUNT[$label]=$total P50[$label]=$p50 P95[$label]=$p95 P99[$label]=$p99 NAME[$label]=$path
  RATE[$label]=$(awk -v c="$total" -v d="$DURATION" 'BEGIN { printf "%.2f", c / d }')
}

# closed <label> <simulation> <name> [-D...]: the maximum rate, 16 virtual users each starting its next
# request when the last one answered.
closed() {
  local label=$1 simulation=$2 name=$3
  shift 3
  LOAD[$label]="closed, $CONCURRENCY at once"
  local rc=0
  gatling "$label" "$simulation" -Dinjection=closed "$@" || rc=$?
  # A run with errors still shows its numbers (marked FAILED).
  measured "$label" "$name" || rc=1
  return "$rc"
}

# open <label> <simulation> <name> <rate> [-D...]: a fixed arrival rate, for latencies.
open() {
  local label=$1 simulation=$2 name=$3 rate=$4
  shift 4
  LOAD[$label]="open, $(fmt_rate "$rate")/s"
  local rc=0
  gatling "$label" "$simulation" -Dinjection=open -Drate="$rate" "$@" || rc=$?
  measured "$label" "$name" || rc=1
  return "$rc"
}

# half <rate>: half the maximum rate, for the latency runs.
half() {
  awk -v r="$1" 'BEGIN { printf "%.1f", r / 2 }'
}

# scenario_row <label> <measurement> [<baseline label> <baseline name> <min ratio> | - ] [<p99|p95> <max ms>]
scenario_row() {
  local label=$1 what=$2 base=${3:--} base_name=${4:-} min_ratio=${5:-} pct=${6:-} max_ms=${7:-}
  local rate=${RATE[$label]:-} ratio_text="" target="" result="" base_text="" failed=${RUN_FAILED[$label]:-}
  if [[ -z "$rate" ]]; then
    result_row "$what" "${LOAD[$label]:-}" "" "" "" "" "" "" "" "FAILED"
    return 0
  fi
  if [[ "$base" != - ]]; then
    base_text="$base_name $(fmt_rate "${RATE[$base]:-0}")/s"
    [[ -n "${RATE[$base]:-}" ]] || base_text="$base_name: not measured"
    ratio_text=$(ratio "$rate" "${RATE[$base]:-}")
    target="rate ≥ $(awk -v f="$min_ratio" 'BEGIN { printf "%.0f", f * 100 }') %"
    if [[ -n "${RATE[$base]:-}" && -z "$failed" ]]; then
      verdict at_least "$rate" "${RATE[$base]}" "$min_ratio"
      result=$VERDICT
    fi
  fi
  if [[ -n "$pct" ]]; then
    local value
    [[ $pct == p99 ]] && value=${P99[$label]:-} || value=${P95[$label]:-}
    target="$pct ≤ $max_ms ms"
    if [[ -z "$failed" ]]; then
      verdict at_most "$value" "$max_ms"
      result=$VERDICT
    fi
  fi
  # A target that holds at a rate the stack cannot reach is measured lower and counts as missed.
  if [[ -n "${SHORT_OF[$label]:-}" ]]; then
    judge 0
    result="$VERDICT (${SHORT_OF[$label]})"
  fi
  # The numbers of a run with errors are shown, but they judge nothing.
  [[ -z "$failed" ]] || result="FAILED (errors)"
  result_row "$what" "${LOAD[$label]}" "$(fmt_rate "$rate")" "${P50[$label]}" "${P95[$label]}" "${P99[$label]}" \
    "$base_text" "$ratio_text" "$target" "$result"
}

phase_bare() {
  closed bare BareSimulation "POST echo" -Dgateway="http://$LOCALHOST:$BARE_PORT" || true
  scenario_row bare "bare Quarkus: POST /bare/echo (direct), max"
  if ((!SMOKE)) && [[ -n "${RATE[bare]:-}" ]]; then
    open bare_half BareSimulation "POST echo" "$(half "${RATE[bare]}")" -Dgateway="http://$LOCALHOST:$BARE_PORT" || true
    scenario_row bare_half "bare Quarkus: POST /bare/echo (direct), half of max"
  fi
}

# The services' JIT compilers need minutes of traffic, not seconds, before a service runs at its pace (on
# two cores, C2 compiles at full speed for the first ~2 minutes of writes: docs/performance.md). Writes
# and reads at a moderate rate for BENCH_JIT_WARMUP seconds each, unmeasured (a failure still counts).
phase_warm() {
  local seconds=${BENCH_JIT_WARMUP:-60}
  info "warming the services up: ${seconds} s of writes, then of reads (not measured)"
  gatling warm_put BackupStormSimulation -Dinjection=open -Drate=40 -Dop=put -Dpeople=300 -DwarmupSeconds=0 \
    -DdurationSeconds="$seconds" || true
  gatling warm_get BackupStormSimulation -Dinjection=open -Drate=200 -Dop=get -DwarmupSeconds=0 \
    -DdurationSeconds="$seconds" || true
  # The other services' hot paths: recoveries (with their codes, events and credentials).
  recovery_limits
  # Cold services take long over a flow at first: people enough for a minute of flows each.
  gatling warm_recovery RecoveryFlowSimulation -Dinjection=open -Drate=2 -DwarmupSeconds=0 -DflowSeconds=60 \
    -DdurationSeconds="$seconds" "${RECOVERY_LIMITS[@]}" || true
}

phase_put() {
  if wants outbox && ((SMOKE)); then
    outbox_lag_start || true
  fi
  closed put BackupStormSimulation "PUT replace" -Dop=put "${BACKUP_EXPECTED[@]}" || true
  if [[ -n "${LAG_PID:-}" ]]; then
    outbox_lag_stop put
  fi
  scenario_row put "backup PUT (If-Match, 8 KiB) via gateway, max" pg_put pgbench 0.25
  if ((!SMOKE)) && [[ -n "${RATE[put]:-}" ]]; then
    open put_half BackupStormSimulation "PUT replace" "$(half "${RATE[put]}")" -Dop=put || true
    scenario_row put_half "backup PUT via gateway, half of max" - "" "" p99 25
  fi
}

phase_get() {
  closed get BackupStormSimulation "GET backup" -Dop=get "${BACKUP_EXPECTED[@]}" || true
  scenario_row get "backup GET (8 KiB) via gateway, max" pg_get pgbench 0.25
}

# The open-model GETs at half the maximum run last (main, after RSS is read): hundreds of new clients a second have overloaded
# this machine before (docs/performance.md), and a service that dies is started again cold.
phase_get_half() {
  if [[ -n "${RATE[get]:-}" ]]; then
    open get_half BackupStormSimulation "GET backup" "$(half "${RATE[get]}")" -Dop=get || true
    scenario_row get_half "backup GET via gateway, half of max" - "" "" p99 25
  fi
}

# The same GETs straight to backup-service: what the gateway costs.
phase_direct() {
  closed direct BackupStormSimulation "GET backup" -Dop=get -Dgateway="http://$LOCALHOST:$BACKUP_PORT" || true
  scenario_row direct "backup GET straight to backup-service, max"
  if [[ -n "${RATE[get]:-}" && -n "${RATE[direct]:-}" ]]; then
    RATE[gw]=${RATE[get]} P50[gw]=${P50[get]} P95[gw]=${P95[get]} P99[gw]=${P99[get]} LOAD[gw]=${LOAD[get]}
    [[ -z "${RUN_FAILED[get]:-}${RUN_FAILED[direct]:-}" ]] || RUN_FAILED[gw]=1
    scenario_row gw "gateway: GET via gateway vs straight" direct direct 0.85
  fi
}

# The local stack's own limits (deploy/local/up.sh): the recovery simulation sizes its people by them.
recovery_limits() {
  RECOVERY_LIMITS=()
  is_local && RECOVERY_LIMITS=(-DkeyReleasesPerDay="${AUTHCLOUD_RECOVERY_KEY_RELEASES_PER_DAY:-500}"
    -DcodesPerHour="${AUTHCLOUD_VERIFICATION_LIMITS_SENDS_PER_DESTINATION_PER_HOUR:-200}")
  return 0
}

# The target holds at 20 flows a second. First the most flows 16 phones at once complete (each flow waits
# for two mails and two events: seconds of wall time); a stack that completes fewer than 20 a second would
# pile flows up at 20 (the run fails when no person is free), so the latency run is at 80 % of that
# maximum instead, and the target counts as missed (as for the outbox).
phase_recovery() {
  local rate=$RECOVERY_RATE
  recovery_limits
  if ((!SMOKE)); then
    closed recovery_max RecoveryFlowSimulation "recovery flow" "${RECOVERY_LIMITS[@]}" || true
    scenario_row recovery_max "recovery flow, max (flows a second; sum of its requests' times)"
    if [[ -n "${RATE[recovery_max]:-}" ]] && ! at_least "${RATE[recovery_max]}" "$RECOVERY_RATE" 1; then
      rate=$(awk -v r="${RATE[recovery_max]}" 'BEGIN { printf "%.1f", 0.8 * r }')
      warn "recovery: the maximum flow rate (${RATE[recovery_max]}/s) is below ${RECOVERY_RATE}/s: measuring at ${rate}/s"
      SHORT_OF[recovery]="max $(fmt_rate "${RATE[recovery_max]}") flows/s < ${RECOVERY_RATE}/s"
    fi
  fi
  open recovery RecoveryFlowSimulation "recovery flow" "$rate" "${RECOVERY_LIMITS[@]}" || true
  scenario_row recovery "recovery flow (sum of its requests' times)" - "" "" p95 300
}

phase_otp() {
  local limits=()
  is_local && limits=(-DcodesPerHour="${AUTHCLOUD_VERIFICATION_LIMITS_SENDS_PER_DESTINATION_PER_HOUR:-200}")
  closed otp OtpVerifySimulation "OTP verify" "${limits[@]}" || true
  scenario_row otp "OTP verify, max" bare "bare" 0.60
}

phase_push() {
  closed push PushApprovalSimulation "push answer" || true
  scenario_row push "push approval, max" bare "bare" 0.60
}

# =============================================================================================
# Outbox lag: a consumer of backup-events during PUTs (deploy/loadtest/bench/OutboxLag.java)
# =============================================================================================
TOOLS=$OUT/tools

outbox_lag_start() {
  local props=$OUT/kafka-test.properties source=$BENCH_HOME/bench/OutboxLag.java
  mkdir -p "$TOOLS"
  if [[ ! -f "$TOOLS/OutboxLag.class" || "$source" -nt "$TOOLS/OutboxLag.class" ]]; then
    javac -nowarn -d "$TOOLS" -cp "$KAFKA_HOME/lib/*" "$source" 2>"$OUT/outbox-lag.javac.log" \
      || { fail_run outbox "OutboxLag.java does not compile (see $OUT/outbox-lag.javac.log)"; return 1; }
  fi
  # The test login's password is the fixed local one of lib.sh; the file is the owner's only and removed
  # at the end.
  (
    umask 077
    printf '%s\n' "bootstrap.servers=$KAFKA_BOOTSTRAP_SERVERS" security.protocol=SASL_PLAINTEXT sasl.mechanism=SCRAM-SHA-512 \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_TEST_USER\" password=\"$(local_kafka_password "$KAFKA_TEST_USER")\";" \
      >"$props"
  )
  : >"$OUT/outbox-lag.records"
  java -XX:TieredStopAtLevel=1 -cp "$TOOLS:$KAFKA_HOME/lib/*" -Dlog4j2.configurationFile="$LOCAL_DIR/kafka/log4j2.properties" \
    -Dauthcloud.kafka.level=WARN OutboxLag "$props" backup-events "$OUT/outbox-lag.records" \
    >"$OUT/outbox-lag.out" 2>"$OUT/outbox-lag.log" &
  LAG_PID=$!
  local deadline=$((SECONDS + 30))
  until grep -q '^ready' "$OUT/outbox-lag.out" 2>/dev/null; do
    if ! kill -0 "$LAG_PID" 2>/dev/null || ((SECONDS > deadline)); then
      fail_run outbox "the Kafka consumer did not start (see $OUT/outbox-lag.log)"
      LAG_PID=""
      return 1
    fi
    sleep 0.1
  done
}

# outbox_lag_stop <label of the PUT run>: lets the last events through (the relay's fallback poll is 1 s),
# stops the consumer and computes the lags of the measured window: the events of the last durationSeconds
# before the last one, which leaves out the warm-up (and backups the set-up created), as Gatling does.
outbox_lag_stop() {
  local label=$1 last cutoff
  sleep 2
  kill -TERM "$LAG_PID" 2>/dev/null || true
  wait "$LAG_PID" 2>/dev/null || true
  LAG_PID=""
  rm -f "$OUT/kafka-test.properties"
  last=$(sort -n "$OUT/outbox-lag.records" | tail -n 1 | cut -d' ' -f1)
  if [[ -z "$last" ]]; then
    fail_run outbox "no backup-events record arrived during the PUTs"
    return 0
  fi
  cutoff=$((last - DURATION * 1000))
  awk -v c="$cutoff" '$1 >= c { print $2 - $1 }' "$OUT/outbox-lag.records" >"$OUT/outbox-lag.consumed.ms"
  awk -v c="$cutoff" '$1 >= c { print $3 - $1 }' "$OUT/outbox-lag.records" >"$OUT/outbox-lag.produced.ms"
  read -r LAG_COUNT LAG_P50 LAG_P95 LAG_P99 LAG_MAX <<<"$(percentiles "$OUT/outbox-lag.consumed.ms") - - - -"
  read -r _ SEND_P50 SEND_P95 SEND_P99 _ <<<"$(percentiles "$OUT/outbox-lag.produced.ms") - - - -"
  ((LAG_COUNT > 0)) || { fail_run outbox "no record in the measured window"; return 0; }
  local load="PUTs ${LOAD[$label]:-}" result
  if [[ -n "${RUN_FAILED[$label]:-}" ]]; then
    result="FAILED (errors)"
  elif [[ -n "${OUTBOX_SHORT:-}" ]]; then
    judge 0
    result="$VERDICT ($OUTBOX_SHORT)"
  else
    verdict at_most "$LAG_P99" 100
    result=$VERDICT
  fi
  result_row "outbox: write's transaction → event consumed from Kafka ($LAG_COUNT events)" "$load" \
    "${RATE[$label]:+$(fmt_rate "${RATE[$label]}")}" "$LAG_P50" "$LAG_P95" "$LAG_P99" "" "" "p99 ≤ 100 ms at 200/s" "$result"
  result_row "outbox: write's transaction → relay's send (record timestamp)" "$load" "" \
    "$SEND_P50" "$SEND_P95" "$SEND_P99" "" "" "" "(part of the above)"
}

# The target holds at 200 writes a second. A stack whose maximum PUT rate is below that would only
# collapse there (and the run fail on its timeouts), so it is measured at 80 % of its maximum instead,
# and the target counts as missed.
phase_outbox() {
  local rate=$OUTBOX_RATE
  if [[ -n "${RATE[put]:-}" ]] && ! at_least "${RATE[put]}" "$OUTBOX_RATE" 1; then
    rate=$(awk -v r="${RATE[put]}" 'BEGIN { printf "%.1f", 0.8 * r }')
    warn "outbox: the maximum PUT rate (${RATE[put]}/s) is below ${OUTBOX_RATE}/s: measuring at ${rate}/s"
    OUTBOX_SHORT="max PUT rate $(fmt_rate "${RATE[put]}")/s < ${OUTBOX_RATE}/s"
  fi
  outbox_lag_start || return 0
  open outbox BackupStormSimulation "PUT replace" "$rate" -Dop=put || true
  outbox_lag_stop outbox
}

# =============================================================================================
# Report
# =============================================================================================
declare -A STARTUP=() STARTED_IN=() RSS=() LOAD=() NAME=() REPORTS=() SHORT_OF=()
BARE_STARTUP_MS=""

write_report() {
  local module start rss s_result r_result label
  {
    printf 'service\tstart-up alone (launch → ready)\tQuarkus "started in"\ttarget\tresult\tRSS after the load\ttarget\tresult\n'
    for module in "${SERVICE_MODULES[@]}" bare; do
      start=${STARTUP[$module]:-} rss=${RSS[$module]:-} s_result="" r_result=""
      [[ $module == bare ]] && start=$BARE_STARTUP_MS
      if [[ "$start" =~ ^[0-9]+$ ]]; then
        if [[ $module != bare ]]; then
          verdict test "$start" -le 2500
          s_result=$VERDICT
        fi
        start="$(awk -v ms="$start" 'BEGIN { printf "%.2f s", ms / 1000 }')"
      fi
      if [[ -n "$rss" && $module != bare ]]; then
        verdict test "$rss" -le 250
        r_result=$VERDICT
      fi
      [[ -z "$start$rss" ]] && continue
      local name=$module s_target="≤ 2.5 s" r_target="≤ 250 MB"
      if [[ $module == bare ]]; then
        name="bare Quarkus (baseline)" s_target="" r_target=""
      fi
      [[ -n "$start" ]] || s_target=""
      [[ -n "$rss" ]] || r_target=""
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$start" "${STARTED_IN[$module]:+${STARTED_IN[$module]} s}" \
        "$s_target" "$s_result" "${rss:+$rss MB}" "$r_target" "$r_result"
    done
  } >"$OUT/services.tsv"
  {
    printf 'run\trequest\tcount\trate (/s)\tp50 (ms)\tp95\tp99\tmax\tKO\n'
    for label in "${!REPORTS[@]}"; do
      [[ -f "$OUT/$label.stats.tsv" ]] || continue
      awk -F'\t' -v OFS='\t' -v l="$label" -v d="$DURATION" \
        '{ printf "%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\n", l, $1, $2, $2 / d, $5, $6, $7, $8, $4 }' "$OUT/$label.stats.tsv"
    done | sort
  } >"$OUT/requests.tsv"

  local header mode
  ((SMOKE)) && mode="smoke (${DURATION} s measured, small rates: the numbers mean nothing, errors do)" \
    || mode="full (${DURATION} s measured after ${WARMUP} s of warm-up, $CONCURRENCY virtual users / connections)"
  header=$(
    printf '### Benchmark, %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- mode: %s\n' "$mode"
    printf -- '- stack: gateway %s, issuer %s\n' "$GATEWAY" "$ISSUER"
    printf -- '- machine: %s cores (%s), %s GiB RAM; load average before the run: %s\n' "$(nproc)" \
      "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
      "$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$LOAD_BEFORE"
    printf -- '- code: %s\n' "$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
    printf -- '- deploy/loadtest/bench.sh %s\n' "$ARGS_TEXT"
  )
  local table_cols='measurement\tload\trate (/s)\tp50 (ms)\tp95\tp99\tbaseline\tratio\ttarget\tresult\n'
  { printf '%b' "$table_cols"; cat "$OUT/results.tsv"; } >"$OUT/main.tsv"
  {
    echo "$header"
    echo
    print_tables markdown
    report_notes
  } >"$REPORT"

  echo
  echo "$header" | sed 's/^### //; s/^- /  /'
  echo
  print_tables text
  ((SMOKE)) || echo "Targets: $MET met, $MISSED missed."
  echo "Markdown: $REPORT (raw data and logs: $OUT)"
}

# print_tables <text|markdown>: the tables that have rows, each followed by an empty line.
print_tables() {
  local table
  for table in main services requests; do
    (($(wc -l <"$OUT/$table.tsv") > 1)) || continue
    [[ $table == requests ]] && printf 'Every measured request of every Gatling run (warm-up left out):\n\n'
    LC_ALL=C.UTF-8 awk -v format="$1" -f "$BENCH_HOME/bench/report.awk" "$OUT/$table.tsv"
    echo
  done
}

report_notes() {
  cat <<'EOF'
How to read it: rates are measured requests (or flows) divided by the measured seconds; percentiles (ms)
are the simulations' own (js/stats.json; a flow's are the sum of its requests' times) or, for pgbench, of
its per-transaction log. "max" runs are closed-model (16 virtual users, each sending its next request when the
last one answered); "half of max" runs are open-model at half that rate, for latency. pgbench runs
backup-service's own statements (deploy/loadtest/bench/pgbench-*.sql) over 64 locations in a scratch
database made from the service's migrations, with 16 connections. Outbox lag: the CloudEvent time of each
backup-events record (set when the event is appended, inside the writing transaction, just before its
commit) to the moment a consumer reading the topic received it: the commit, the relay's pick-up, Kafka's
acks=all and one fetch. Start-up: each service stopped and started again alone by deploy/local/up.sh (the
infrastructure and the other services running idle), from the JVM's launch to /q/health/ready answering 200.
RSS: VmRSS of each service's process after all the load.
EOF
}

cleanup() {
  if [[ -n "${LAG_PID:-}" ]]; then
    kill -TERM "$LAG_PID" 2>/dev/null || true
  fi
  rm -f "$OUT/kafka-test.properties"
  if is_local; then
    stop_bare
    drop_bench_db
  fi
}

# The arguments as the report shows them: the value of any -D whose name says password, secret or token is
# hidden (a cluster run may pass the Keycloak admin's password).
shown_args() {
  local arg shown=()
  for arg in "$@"; do
    if [[ "$arg" =~ ^(-D[^=]*([Pp]assword|[Ss]ecret|[Tt]oken)[^=]*=) ]]; then
      arg="${BASH_REMATCH[1]}***"
    fi
    shown+=("$arg")
  done
  echo "${shown[*]}"
}

main() {
  ARGS_TEXT=$(shown_args "$@")
  parse_args "$@"
  configure
  # A fresh folder for this run's data and logs (the compiled OutboxLag is kept).
  mkdir -p "$OUT"
  find "$OUT" -mindepth 1 -maxdepth 1 ! -name tools -exec rm -rf {} +
  : >"$OUT/results.tsv"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  local started=$SECONDS
  trap cleanup EXIT
  if is_local; then
    require_local_stack
    remember_service_limits
    ensure_bare_built
  else
    info "gateway $GATEWAY is not the local stack's: pgbench, the bare baseline, outbox lag, start-up and RSS are skipped"
  fi
  wants startup && phase_startup
  wants pgbench && phase_pgbench
  wants warm && phase_warm
  # The bare application runs for the bare phase and stays up as the baseline of RSS.
  if wants bare || wants rss; then start_bare; fi
  wants bare && phase_bare
  wants put && phase_put
  wants outbox && ((!SMOKE)) && phase_outbox
  wants get && phase_get
  wants direct && phase_direct
  wants recovery && phase_recovery
  wants otp && phase_otp
  wants push && phase_push
  wants rss && phase_rss
  wants get && ((!SMOKE)) && phase_get_half
  write_report
  info "bench finished in $((SECONDS - started)) s"
  if ((${#FAILED[@]})); then
    printf '\nFAILED:\n' >&2
    printf '  %s\n' "${FAILED[@]}" >&2
    exit 1
  fi
}

main "$@"
