# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source it
# Shared by the deploy/local scripts (sourced, never run): paths, ports, versions, logging,
# waiting for readiness and handling of pid files. Ports, databases, topics and the realm are
# fixed by docs/local-stack-contract.md; keep this file in line with it.

# ---------------------------------------------------------------------------------------------
# Paths. Everything is derived from this file's location, so the scripts work from any cwd.
# ---------------------------------------------------------------------------------------------
LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOCAL_DIR/../.." && pwd)
# Runtime state of this checkout (pids, logs, data); gitignored, removed by `down.sh --purge`
# (except the Keycloak start-up cache, which is not data).
RUN_DIR=$LOCAL_DIR/run
LOG_DIR=$RUN_DIR/logs
PID_DIR=$RUN_DIR/pids
# Downloads and unpacked servers live outside the checkout, so that a clean clone (as CI makes)
# on the same machine does not download or build them again.
CACHE_DIR=${AUTHCLOUD_CACHE:-$HOME/.cache/authcloud}

# ---------------------------------------------------------------------------------------------
# Versions of the servers fetched from Maven Central (deploy/local/fetch/pom.xml reads these).
# ---------------------------------------------------------------------------------------------
KAFKA_VERSION=4.4.0
LOG4J_VERSION=2.25.2
KEYCLOAK_VERSION=26.7.3
GREENMAIL_VERSION=2.1.13

KAFKA_HOME=$CACHE_DIR/kafka-$KAFKA_VERSION
KEYCLOAK_DIST=$CACHE_DIR/keycloak-$KEYCLOAK_VERSION
GREENMAIL_JAR=$CACHE_DIR/greenmail-standalone-$GREENMAIL_VERSION.jar

# ---------------------------------------------------------------------------------------------
# Ports (contract table) — each can be overridden by the variable named there. Exported because
# the services read the same variables.
# ---------------------------------------------------------------------------------------------
export AUTHCLOUD_GATEWAY_PORT=${AUTHCLOUD_GATEWAY_PORT:-8080}
export BACKUP_PORT=${BACKUP_PORT:-8081}
export RECOVERY_PORT=${RECOVERY_PORT:-8082}
export VERIFICATION_PORT=${VERIFICATION_PORT:-8083}
export NOTIFICATION_PORT=${NOTIFICATION_PORT:-8084}
export KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
export KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9180}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export SMTP_PORT=${SMTP_PORT:-3025}
export GREENMAIL_API_PORT=${GREENMAIL_API_PORT:-8025}
export PGPORT=${PGPORT:-5432}
export REDIS_PORT=${REDIS_PORT:-6379}

LOCALHOST=127.0.0.1
KAFKA_CLUSTER_ID=YXV0aGNsb3VkLWxvY2FsMQ
REALM=authcloud
KEYCLOAK_URL=http://$LOCALHOST:$KEYCLOAK_PORT
REALM_DISCOVERY_URL=$KEYCLOAK_URL/realms/$REALM/.well-known/openid-configuration
GREENMAIL_READY_URL=http://$LOCALHOST:$GREENMAIL_API_PORT/api/service/readiness
GATEWAY_HEALTH_URL=http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT/healthz
# The services' application.properties read these (defaults = the contract's ports); exported so
# that an overridden KAFKA_PORT or KEYCLOAK_PORT reaches the services and the tests too.
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-$LOCALHOST:$KAFKA_PORT}
export OIDC_AUTH_SERVER_URL=${OIDC_AUTH_SERVER_URL:-$KEYCLOAK_URL/realms/$REALM}

# The four services: module folder (in the repo root) and its port.
SERVICE_MODULES=(backup-service recovery-service verification-service notification-service)
# The services' JVM on the local stack (docs/performance.md, "Memory and start"): the serial collector (G1's
# bookkeeping alone is ~40 MB on a small heap, and two cores gain nothing from a concurrent collector); a
# heap of up to 256 MB (each service's live set is ~30 MB, but an overload holds thousands of requests with
# their bodies: at 128 MB backup-service died of OutOfMemoryError under 1,000 GETs a second it could not
# serve); a code cache sized to what the services compile. MALLOC_ARENA_MAX=2 (in their environment) keeps
# glibc from growing an arena per thread.
SERVICE_JVM_OPTIONS=(-XX:+UseSerialGC -Xms32m -Xmx256m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError)
service_port() {
  case "$1" in
    backup-service) echo "$BACKUP_PORT" ;;
    recovery-service) echo "$RECOVERY_PORT" ;;
    verification-service) echo "$VERIFICATION_PORT" ;;
    notification-service) echo "$NOTIFICATION_PORT" ;;
    *) die "unknown service module '$1'" ;;
  esac
}

service_ready_url() { echo "http://$LOCALHOST:$(instance_port "$1")/q/health/ready"; }

# Instances (docs/reliability.md, "Scale-out on one machine"): `up.sh --replicas N` runs N instances of every
# service behind the gateway. The first is named and placed as the service itself; the k-th is <module>-k, on
# the service's port + 10·(k-1) (backup-service-2 on 8091), with its own pid file and log. The number is kept
# in run/replicas until down.sh (or the next --replicas), so that fault.sh and a later up.sh keep it.
MAX_REPLICAS=3
REPLICA_PORT_STEP=10
REPLICAS_FILE=$RUN_DIR/replicas
replicas() {
  local n=1
  [[ -f $REPLICAS_FILE ]] && n=$(<"$REPLICAS_FILE")
  echo "$n"
}
# instance_names <module> [count]: the module's instances, the first <count> (default: replicas) of them.
instance_names() {
  local module=$1 count=${2:-$(replicas)} k
  echo "$module"
  for ((k = 2; k <= count; k++)); do echo "$module-$k"; done
}
# instance_module <instance>: the service module an instance runs (backup-service-2 -> backup-service).
instance_module() {
  if [[ $1 =~ ^(.*)-([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"; else echo "$1"; fi
}
instance_number() {
  if [[ $1 =~ -([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"; else echo 1; fi
}
instance_port() {
  echo $(($(service_port "$(instance_module "$1")") + REPLICA_PORT_STEP * ($(instance_number "$1") - 1)))
}
# Every instance of every service that has a pid file or is wanted: what down.sh and play.sh stop.
all_service_instances() {
  local module
  for module in "${SERVICE_MODULES[@]}"; do instance_names "$module" "$MAX_REPLICAS"; done
}
stop_service_instances() {
  local instance
  for instance in $(all_service_instances); do
    stop_pid "$instance" "$(instance_module "$instance")/target/quarkus-app" 30
  done
}

# ---------------------------------------------------------------------------------------------
# Logging. Messages go to stderr so that functions can still return values on stdout.
# ---------------------------------------------------------------------------------------------
info() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '%s  WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '%s  ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2
  exit 1
}

# Says which component failed, shows the end of its log and stops the script.
fail_component() {
  local component=$1 reason=$2 log=${3:-}
  printf '\n%s  ERROR: %s failed: %s\n' "$(date +%H:%M:%S)" "$component" "$reason" >&2
  if [[ -n "$log" ]]; then
    printf '           log: %s\n' "$log" >&2
    if [[ -s "$log" ]]; then
      printf '           last lines of the log:\n' >&2
      tail -n 25 "$log" | sed 's/^/           | /' >&2
    fi
  fi
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Readiness
# ---------------------------------------------------------------------------------------------

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/$LOCALHOST/$1" 2>/dev/null
}

# True when <url> answers 2xx.
url_ok() {
  curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
}

# Who listens on a port, for error messages ("" when unknown).
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1 \
    | sed 's/users:(("\([^"]*\)",pid=\([0-9]*\)/\1 (pid \2)/'
}

# wait_for <component> <timeout-s> <url|tcp:PORT> <log> [pid]
# Polls until the URL answers 2xx (or the port accepts connections). Gives up early when the
# given pid has died, since then nothing will ever answer.
wait_for() {
  local component=$1 timeout_s=$2 target=$3 log=$4 pid=${5:-}
  local deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    if [[ "$target" == tcp:* ]]; then
      port_open "${target#tcp:}" && return 0
    else
      url_ok "$target" && return 0
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      fail_component "$component" "the process (pid $pid) exited before $target answered" "$log"
    fi
    sleep 0.5
  done
  fail_component "$component" "$target did not answer within ${timeout_s}s" "$log"
}

# ---------------------------------------------------------------------------------------------
# Pid files: run/pids/<name>.pid holds the pid of a process this checkout started. A pid only
# counts when the process still runs AND its command line contains <pattern>, so a recycled
# pid never makes us report (or kill) somebody else's process.
# ---------------------------------------------------------------------------------------------
pid_file() { echo "$PID_DIR/$1.pid"; }

# A zombie counts as gone: our servers are re-parented to PID 1, which may reap them late
# (seen here: every ~2 s).
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # fields after "pid (comm) "; the first one is the state
  [[ "${stat%% *}" != Z ]]
}

# running_pid <name> <pattern>: prints the pid and succeeds when our process is alive.
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f "$file" ]] || return 1
  pid=$(<"$file")
  if [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"; then
    echo "$pid"
    return 0
  fi
  rm -f "$file" # stale: the process is gone
  return 1
}

# start_bg <name> <log> <command...>: runs the command detached (own session, so a Ctrl-C in
# the terminal or the end of this script does not stop it), output to <log>, pid to the pid
# file. The previous log is kept as <log>.prev. Prints the pid.
start_bg() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$PID_DIR" "$(dirname "$log")"
  [[ -f "$log" ]] && mv -f "$log" "$log.prev"
  # Every descriptor above 2 is closed first: a lock held by this script or by its caller (the run
  # lock of take_run_lock, a `flock` around a build) must not be inherited, or it would be held for as
  # long as the server runs.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      ((fd > 2)) && eval "exec $fd>&-"
    done
    exec setsid "$@" >"$log" 2>&1 </dev/null
  ) &
  local pid=$!
  echo "$pid" >"$(pid_file "$name")"
  echo "$pid"
}

# closed_fds <command...>: runs a command (a daemon that forks: nginx, redis-server, pg_ctlcluster)
# with every descriptor above 2 closed, for the same reason as above: whatever lock the caller holds
# (a `flock` around this script on any fd) must not be held by the daemon for as long as it runs.
closed_fds() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      ((fd > 2)) && eval "exec $fd>&-"
    done
    "$@"
  )
}

# stop_pid <name> <pattern> <timeout-s>: SIGTERM, wait, then SIGKILL. Succeeds (quietly) when
# the process was not running.
stop_pid() {
  local name=$1 pattern=$2 timeout_s=$3 pid
  pid=$(running_pid "$name" "$pattern") || return 0
  info "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_pid_gone "$pid" "$timeout_s" || {
    warn "$name (pid $pid) did not stop within ${timeout_s}s; killing it"
    # Its whole process group (start_bg made it a group leader): kc.sh's JVM goes too.
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 5 || true
  }
  rm -f "$(pid_file "$name")"
}

wait_pid_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------------
# Components' states, collected for the summary table printed by up.sh.
# ---------------------------------------------------------------------------------------------
declare -gA COMPONENT_STATE=() COMPONENT_PID=() COMPONENT_ADDR=() COMPONENT_LOG=()
COMPONENT_ORDER=()

# record_state <component> <address> <state> <pid|external> <log>
record_state() {
  [[ -n "${COMPONENT_STATE[$1]+set}" ]] || COMPONENT_ORDER+=("$1")
  COMPONENT_ADDR[$1]=$2
  COMPONENT_STATE[$1]=$3
  COMPONENT_PID[$1]=$4
  COMPONENT_LOG[$1]=$5
}

print_components() {
  local c
  printf '\n%-22s %-40s %-17s %-9s %s\n' COMPONENT ADDRESS STATE PID LOG
  for c in "${COMPONENT_ORDER[@]}"; do
    printf '%-22s %-40s %-17s %-9s %s\n' "$c" "${COMPONENT_ADDR[$c]}" "${COMPONENT_STATE[$c]}" \
      "${COMPONENT_PID[$c]}" "${COMPONENT_LOG[$c]}"
  done
}

# ---------------------------------------------------------------------------------------------
# Misc
# ---------------------------------------------------------------------------------------------

# Java for Keycloak: Temurin 25 starts it fastest (and supports the AOT cache); any java works.
KEYCLOAK_JAVA_HOME=${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
keycloak_java_home() {
  if [[ -x "$KEYCLOAK_JAVA_HOME/bin/java" ]]; then
    echo "$KEYCLOAK_JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

# The java the project builds with (the one ./mvnw uses): JAVA_HOME if set, else the PATH's.
project_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java
  fi
}

# Serialises up.sh / down.sh runs of this checkout (two at once would race on the pid files).
# The lock lives on fd 9; every server is started with 9>&- so that none inherits it.
take_run_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w 600 9 || die "another deploy/local script still holds $RUN_DIR/.lock"
}

# ---------------------------------------------------------------------------------------------
# Another checkout's stack. Every server up.sh starts runs with its checkout as working
# directory, so a listener on one of the stack's ports whose cwd is another checkout (it has
# deploy/local/down.sh) belongs to that checkout's stack.
# ---------------------------------------------------------------------------------------------

# Checkouts other than this one whose servers hold the stack's ports, one per line.
foreign_checkouts() {
  command -v ss >/dev/null 2>&1 || return 0
  local port pid cwd
  for port in "$AUTHCLOUD_GATEWAY_PORT" "$BACKUP_PORT" "$RECOVERY_PORT" "$VERIFICATION_PORT" "$NOTIFICATION_PORT" \
    "$KEYCLOAK_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$SMTP_PORT" "$GREENMAIL_API_PORT"; do
    for pid in $(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
      cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || continue
      [[ "$cwd" != "$REPO_ROOT" && -x "$cwd/deploy/local/down.sh" ]] && echo "$cwd"
    done
  done | sort -u
}

# Stops the stacks other checkouts left running on this machine (with their own down.sh), so that
# this checkout's tests run against this checkout's servers and code.
stop_foreign_stacks() {
  local checkout
  for checkout in $(foreign_checkouts); do
    warn "the stack of $checkout holds this stack's ports; stopping it with its down.sh"
    "$checkout/deploy/local/down.sh" || warn "down.sh of $checkout failed"
  done
  for checkout in $(foreign_checkouts); do
    die "the stack of $checkout still holds this stack's ports after its down.sh; stop it by hand"
  done
}

# ---------------------------------------------------------------------------------------------
# The local secrets of the services, made once per checkout under run/secrets (never committed):
# up.sh hands them over by environment, deploy/kube/play.sh as the chart's Secret.
# ---------------------------------------------------------------------------------------------
ensure_local_secret_files() {
  local dir=$RUN_DIR/secrets
  mkdir -p "$dir" && chmod 700 "$dir"
  [[ -s $dir/verification-secret-key ]] || openssl rand -base64 32 >"$dir/verification-secret-key"
  [[ -s $dir/notification-secret-key ]] || openssl rand -base64 32 >"$dir/notification-secret-key"
  [[ -s $dir/recovery-kek-1 ]] || openssl rand -base64 32 >"$dir/recovery-kek-1"
  if [[ ! -s $dir/notification-jwe.pem ]]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/notification-jwe.pem" 2>/dev/null
    openssl pkey -in "$dir/notification-jwe.pem" -pubout -out "$dir/notification-jwe.pub.pem"
  fi
  chmod 600 "$dir"/*
}

# ---------------------------------------------------------------------------------------------
# Who may use the local Kafka and Redis. Each service logs in as itself (its module name);
# authcloud-admin is the super user of the scripts (and Kafka's inter-broker login), authcloud-test
# the Kafka login of test-support. The passwords are LOCAL ONLY and fixed (local-kafka-<name>,
# local-redis-<name>): the services' test profiles and test-support know them without this script.
# In Kubernetes every password comes from a Secret (docs/operations.md, "Kafka principals and ACLs").
# ---------------------------------------------------------------------------------------------
KAFKA_ADMIN_USER=authcloud-admin
KAFKA_PRINCIPALS=("${SERVICE_MODULES[@]}" authcloud-test)
REDIS_ADMIN_USER=authcloud-admin
local_kafka_password() { printf 'local-kafka-%s' "$1"; }
local_redis_password() { printf 'local-redis-%s' "$1"; }

# The environment a service is started with to log in to Kafka and Redis as itself.
service_credentials_env() {
  printf '%s\n' "KAFKA_SASL_USERNAME=$1" "KAFKA_SASL_PASSWORD=$(local_kafka_password "$1")" \
    "REDIS_USERNAME=$1" "REDIS_PASSWORD=$(local_redis_password "$1")"
}

# redis-cli as the scripts' admin user (the password by environment, never on the command line).
redis_admin() {
  REDISCLI_AUTH=$(local_redis_password "$REDIS_ADMIN_USER") redis-cli --no-auth-warning \
    -h "$LOCALHOST" -p "$REDIS_PORT" --user "$REDIS_ADMIN_USER" "$@"
}
