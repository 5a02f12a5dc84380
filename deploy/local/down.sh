#!/usr/bin/env bash
# Stops what deploy/local/up.sh started in this checkout (the pid files under run/pids), in the
# reverse order: Prometheus (up.sh --with-monitoring), services (processes, or the chart's pods of
# deploy/kube/play.sh, and its image registry), gateway, GreenMail, Keycloak, Kafka, then Redis and
# PostgreSQL only when up.sh started them. The machine's own PostgreSQL and Redis are left alone.
#
#   deploy/local/down.sh           stop
#   deploy/local/down.sh --purge   stop, then delete the data (Kafka logs, Keycloak's H2
#                                  database, ...), so the next up.sh starts fresh
set -euo pipefail

# shellcheck source=infra.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
# shellcheck source=monitoring.sh
source "$LOCAL_DIR/monitoring.sh"

usage() {
  sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

stop_services() {
  stop_service_instances
  # The next up.sh starts one instance of each again, unless told --replicas.
  rm -f "$REPLICAS_FILE" "$GATEWAY_DRAINED"
  # The services as the chart's pods (deploy/kube/play.sh) and the image registry, when they run.
  if [[ -x /usr/bin/podman && -f $RUN_DIR/kube/pods.yaml ]]; then
    "$REPO_ROOT/deploy/kube/play.sh" --down >/dev/null 2>&1 || warn "deploy/kube/play.sh --down failed"
  fi
  stop_pid registry docker-registry 15
}

stop_redis() {
  # Only ours has a pid file (Redis wrote it when up.sh started it).
  stop_pid redis redis-server 15
  release_redis_users
}

stop_postgres() {
  local marker=$PID_DIR/postgresql.started version name
  [[ -f "$marker" ]] || return 0
  read -r version name <"$marker"
  info "stopping PostgreSQL $version/$name (started by up.sh)"
  pg_ctlcluster "$version" "$name" stop || warn "pg_ctlcluster $version $name stop failed"
  rm -f "$marker"
}

# A server left paused by deploy/local/fault.sh pause (a test that died mid-pause) would never stop: resume it.
resume_paused() {
  local file
  for file in "$PID_DIR"/paused-*; do
    [[ -f "$file" ]] || continue
    warn "${file##*/paused-} was left paused (fault.sh pause): resuming it"
    xargs -r kill -CONT <"$file" 2>/dev/null || true
    rm -f "$file"
  done
}

# Data only: logs stay for reading, and Keycloak's AOT cache is not data (it only speeds starts).
purge_data() {
  info "deleting the local stack's data under $RUN_DIR"
  rm -rf "$KAFKA_DIR" "$KEYCLOAK_HOME" "$REALM_IMPORTED" "$RUN_DIR/redis" "$NGINX_DIR/temp" "$PROMETHEUS_DIR"
}

main() {
  local purge=0 arg
  for arg in "$@"; do
    case "$arg" in
      --purge) purge=1 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown option: $arg" ;;
    esac
  done
  [[ -d "$RUN_DIR" ]] || { info "nothing to stop ($RUN_DIR does not exist)"; exit 0; }
  take_run_lock
  resume_paused
  monitoring_down
  stop_services
  stop_gateway
  stop_pid greenmail greenmail-standalone 15
  # A recording run (see keycloak_aot_option in infra.sh) writes the cache when it stops.
  if running_pid keycloak "$KEYCLOAK_HOME/bin/kc.sh" >/dev/null \
    && [[ -f "$KEYCLOAK_RUN/aot/stamp" && ! -f "$KEYCLOAK_RUN/aot/keycloak.aot" ]]; then
    info "Keycloak writes its start-up cache (JVM AOT) as it stops: about 20 s, this once"
  fi
  stop_keycloak
  stop_pid kafka "$KAFKA_PROPERTIES" 45
  stop_redis
  stop_postgres
  ((purge)) && purge_data
  info "local stack stopped"
}

main "$@"
