#!/usr/bin/env bash
# Shows each component of the local stack: up or down, address, pid (ours, or "external" when
# it answers but this checkout did not start it) and log. Exit code 0 even when things are down.
set -euo pipefail

# shellcheck source=infra.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"

# row <component> <address> <up?: 0|1> <pid name> <pid pattern> <log>
row() {
  local component=$1 address=$2 up=$3 name=$4 pattern=$5 log=$6 pid state
  if [[ -n "$name" ]] && pid=$(running_pid "$name" "$pattern"); then
    :
  elif ((up)); then
    pid=external
  else
    pid=-
  fi
  ((up)) && state=up || state=down
  printf '%-22s %-6s %-40s %-9s %s\n' "$component" "$state" "$address" "$pid" "$log"
}

probe() { "$@" >/dev/null 2>&1 && echo 1 || echo 0; }

main() {
  local module instance port
  printf '%-22s %-6s %-40s %-9s %s\n' COMPONENT STATE ADDRESS PID LOG
  # PostgreSQL has no pid file of ours; the marker says whether up.sh started the cluster.
  row postgresql "$LOCALHOST:$PGPORT" "$(probe pg_isready -q -h "$LOCALHOST" -p "$PGPORT")" \
    "" "" /var/log/postgresql
  local redis_log=-
  [[ -f "$(pid_file redis)" ]] && redis_log=$LOG_DIR/redis.log
  row redis "$LOCALHOST:$REDIS_PORT" "$(probe redis_ping)" redis redis-server "$redis_log"
  row kafka "$LOCALHOST:$KAFKA_PORT" "$(probe port_open "$KAFKA_PORT")" kafka "$KAFKA_PROPERTIES" "$KAFKA_LOG"
  row keycloak "$KEYCLOAK_URL" "$(probe url_ok "$REALM_DISCOVERY_URL")" \
    keycloak "$KEYCLOAK_HOME/bin/kc.sh" "$KEYCLOAK_LOG"
  row greenmail "smtp :$SMTP_PORT, api :$GREENMAIL_API_PORT" "$(probe url_ok "$GREENMAIL_READY_URL")" \
    greenmail greenmail-standalone "$GREENMAIL_LOG"
  row gateway "http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT" "$(probe url_ok "$GATEWAY_HEALTH_URL")" \
    nginx "$NGINX_DIR" "$NGINX_ERROR_LOG"
  for module in "${SERVICE_MODULES[@]}"; do
    for instance in $(instance_names "$module"); do
      port=$(instance_port "$instance")
      row "$instance" "http://$LOCALHOST:$port" "$(probe url_ok "$(service_ready_url "$instance")")" \
        "$instance" "$module/target/quarkus-app" "$LOG_DIR/$instance.log"
    done
  done
  if [[ -f "$PID_DIR/postgresql.started" ]]; then
    printf '\nPostgreSQL cluster %s was started by up.sh (down.sh stops it).\n' "$(<"$PID_DIR/postgresql.started")"
  fi
}

main "$@"
