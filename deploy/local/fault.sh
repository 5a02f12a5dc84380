#!/usr/bin/env bash
# Faults on the running local stack, for the reliability suite (docs/reliability.md) and for trying by hand:
#   fault.sh kill <service>      SIGKILL a service (backup-service, recovery-service, ...): no shutdown, no drain
#   fault.sh stop kafka          stops the broker (SIGTERM, as an operator would)
#   fault.sh restart             starts whatever of the stack is not running (up.sh with the jars as built)
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=infra.sh
source "$LOCAL_DIR/infra.sh"

usage() {
  sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  kill)
    module=${2:?"which service? e.g. backup-service"}
    [[ " ${SERVICE_MODULES[*]} " == *" $module "* ]] || die "not a service: $module"
    pid=$(running_pid "$module" "$module/target/quarkus-app") || die "$module is not running"
    kill -KILL "$pid"
    wait_pid_gone "$pid" 10 || die "$module (pid $pid) survived SIGKILL"
    rm -f "$(pid_file "$module")"
    info "$module (pid $pid) killed"
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
  -h | --help | "") usage ;;
  *) usage >&2; die "unknown fault: $1" ;;
esac
