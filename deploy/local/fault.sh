#!/usr/bin/env bash
# Faults on the running local stack, for the reliability suite (docs/reliability.md) and for trying by hand:
#   fault.sh kill <instance>     SIGKILL a service's instance (backup-service, backup-service-2, ...): no drain
#   fault.sh stop kafka          stops the broker (SIGTERM, as an operator would)
#   fault.sh restart             starts whatever of the stack is not running (up.sh with the jars as built)
#   fault.sh pause <server>      SIGSTOP postgresql, redis or kafka: its sockets stay open, nothing answers
#   fault.sh resume <server>     SIGCONT what pause stopped
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=infra.sh
source "$LOCAL_DIR/infra.sh"

usage() {
  sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# The process listening on a server's port, and (PostgreSQL) its children: every backend holds a client's
# connection, so a pause that left them running would not be one.
server_pids() {
  local port pid
  case "$1" in
    postgresql) port=$PGPORT ;;
    redis) port=$REDIS_PORT ;;
    kafka) port=$KAFKA_PORT ;;
    *) die "pause/resume knows postgresql, redis and kafka, not: $1" ;;
  esac
  command -v ss >/dev/null || die "ss (iproute2) is needed to find the process on port $port"
  pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [[ -n "$pid" ]] || die "nothing listens on port $port ($1)"
  echo "$pid"
  if [[ "$1" == postgresql ]]; then pgrep -P "$pid" || true; fi
}

case "${1:-}" in
  kill)
    instance=${2:?"which service? e.g. backup-service, or backup-service-2 (up.sh --replicas 2)"}
    module=$(instance_module "$instance")
    [[ " ${SERVICE_MODULES[*]} " == *" $module "* ]] || die "not a service: $instance"
    pid=$(running_pid "$instance" "$module/target/quarkus-app") || die "$instance is not running"
    kill -KILL "$pid"
    wait_pid_gone "$pid" 10 || die "$instance (pid $pid) survived SIGKILL"
    rm -f "$(pid_file "$instance")"
    info "$instance (pid $pid) killed"
    ;;
  stop)
    [[ "${2:-}" == kafka ]] || die "only 'stop kafka' is known"
    stop_pid kafka "$KAFKA_PROPERTIES" 45
    ;;
  restart)
    AUTHCLOUD_SKIP_BUILD=1 "$LOCAL_DIR/up.sh" >"$LOG_DIR/fault-restart.log" 2>&1 \
      || { tail -20 "$LOG_DIR/fault-restart.log" >&2; die "up.sh could not bring the stack back"; }
    info "the stack is up again"
    ;;
  pause)
    server=${2:?"which server? postgresql, redis or kafka"}
    mapfile -t pids < <(server_pids "$server")
    # The parent first, so that it forks no new backend while its children are being stopped.
    kill -STOP "${pids[@]}"
    printf '%s\n' "${pids[@]}" >"$PID_DIR/paused-$server"
    info "$server paused (SIGSTOP, ${#pids[@]} processes)"
    ;;
  resume)
    server=${2:?"which server? postgresql, redis or kafka"}
    [[ -f "$PID_DIR/paused-$server" ]] || die "$server was not paused by fault.sh"
    mapfile -t pids <"$PID_DIR/paused-$server"
    kill -CONT "${pids[@]}" 2>/dev/null || true
    rm -f "$PID_DIR/paused-$server"
    info "$server resumed (SIGCONT)"
    ;;
  -h | --help | "") usage ;;
  *) usage >&2; die "unknown fault: $1" ;;
esac
