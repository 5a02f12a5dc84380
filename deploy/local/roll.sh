#!/usr/bin/env bash
# Rolling restart of the local stack's services, one instance at a time, as a Deployment's rollout does it:
#   deploy/local/roll.sh                      every instance of every service
#   deploy/local/roll.sh backup-service ...   every instance of the services named
#   deploy/local/roll.sh backup-service-2 ... the instances named
# Each instance in turn: the gateway stops sending it requests (marked `down`, nginx reloaded; the old
# workers finish what they hold), it is stopped with SIGTERM (Quarkus lets requests still running finish,
# quarkus.shutdown.timeout), started again with the jar in target/, and once ready the gateway sends it
# requests again. With two instances or more (up.sh --replicas 2) no request fails; with one, the service
# is away while it restarts. docs/reliability.md, "Scale-out on one machine".
set -euo pipefail

# shellcheck source=up.sh
source "$(dirname "${BASH_SOURCE[0]}")/up.sh"

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# gateway_route <instance> <drain|serve>: the gateway's upstreams without it (drain) or with it again.
gateway_route() {
  local instance=$1 pid
  mkdir -p "$RUN_DIR"
  touch "$GATEWAY_DRAINED"
  grep -vxF "$instance" "$GATEWAY_DRAINED" >"$GATEWAY_DRAINED.new" || true
  [[ $2 == drain ]] && echo "$instance" >>"$GATEWAY_DRAINED.new"
  mv "$GATEWAY_DRAINED.new" "$GATEWAY_DRAINED"
  pid=$(running_pid nginx "$NGINX_DIR") || die "the gateway is not running: deploy/local/up.sh first"
  render_nginx_conf >"$NGINX_CONF"
  check_nginx_conf
  reload_gateway "$pid"
}

roll_instance() {
  local instance=$1 module started=$SECONDS
  module=$(instance_module "$instance")
  info "rolling $instance"
  gateway_route "$instance" drain
  stop_pid "$instance" "$module/target/quarkus-app" 30
  # As up.sh starts it, with the jar in target/; back in the gateway once ready.
  start_service "$instance"
  wait_for "$instance" "$SERVICE_READY_TIMEOUT" "$(service_ready_url "$instance")" "$LOG_DIR/$instance.log" \
    "${COMPONENT_PID[$instance]}"
  gateway_route "$instance" serve
  info "$instance rolled in $((SECONDS - started)) s"
}

main() {
  local instances=() name module
  case "${1:-}" in
    -h | --help) usage; exit 0 ;;
  esac
  for name in "$@"; do
    module=$(instance_module "$name")
    [[ " ${SERVICE_MODULES[*]} " == *" $module "* ]] || { usage >&2; die "not a service or an instance: $name"; }
    if [[ $name == "$module" ]]; then
      mapfile -t -O "${#instances[@]}" instances < <(instance_names "$module")
    else
      (($(instance_number "$name") <= $(replicas))) || die "$name does not run (replicas: $(replicas))"
      instances+=("$name")
    fi
  done
  if ((${#instances[@]} == 0)); then
    for module in "${SERVICE_MODULES[@]}"; do
      mapfile -t -O "${#instances[@]}" instances < <(instance_names "$module")
    done
  fi
  (($(replicas) > 1)) || warn "one instance of each service (up.sh --replicas 2 for a restart nobody notices)"
  load_local_secrets
  for name in "${instances[@]}"; do
    roll_instance "$name"
  done
}

main "$@"
