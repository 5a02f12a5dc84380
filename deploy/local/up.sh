#!/usr/bin/env bash
# Brings the whole local stack up on this machine: infrastructure (infra.sh), then the four
# services, packaged with ./mvnw when one of them is not running. Idempotent: what already runs
# is left alone, so a second run is a quick no-op. Stop it all with deploy/local/down.sh.
#
#   deploy/local/up.sh               infrastructure + services
#   deploy/local/up.sh --infra-only  infrastructure only (what the tests need)
#   deploy/local/up.sh --with-monitoring  also a Prometheus on 127.0.0.1:9090 (monitoring.sh)
#   deploy/local/up.sh --replicas 2  two instances of every service behind the gateway (the second on
#                                    port + 10: backup-service-2 on 8091); kept until down.sh
#
# A service of ours that runs an older jar than the one in target/ is restarted. With
# AUTHCLOUD_SKIP_BUILD=1 the jars already in target/ are used as they are (the reactor build that
# runs the system tests has just packaged them).
set -euo pipefail

# shellcheck source=infra.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
# shellcheck source=monitoring.sh
source "$LOCAL_DIR/monitoring.sh"

SERVICE_READY_TIMEOUT=${SERVICE_READY_TIMEOUT:-120}

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# Local-only secrets of the services, made once per checkout under run/secrets (never committed) and
# handed over by environment, as a Kubernetes Secret would be.
load_local_secrets() {
  local dir=$RUN_DIR/secrets
  ensure_local_secret_files
  export VERIFICATION_SECRET_KEY NOTIFICATION_SECRET_KEY AUTHCLOUD_RECOVERY_KEK_KEYS_K1
  VERIFICATION_SECRET_KEY=$(<"$dir/verification-secret-key")
  NOTIFICATION_SECRET_KEY=$(<"$dir/notification-secret-key")
  AUTHCLOUD_RECOVERY_KEK_KEYS_K1=$(<"$dir/recovery-kek-1")
  export NOTIFICATION_JWE_PUBLIC_KEY_FILE=$dir/notification-jwe.pub.pem
  export NOTIFICATION_JWE_PRIVATE_KEY_FILE=$dir/notification-jwe.pem
  # Locally SMS are written to one file per phone number, and pushes wait in an inbox devices poll.
  export SMS_MODE=${SMS_MODE:-file} SMS_FILE_DIRECTORY=${SMS_FILE_DIRECTORY:-$RUN_DIR/sms-outbox} PUSH_MODE=${PUSH_MODE:-inbox}
  # The demo and the system tests send many codes to the demo users' few addresses: locally the
  # per-address limit is 200 codes an hour instead of 10.
  export AUTHCLOUD_VERIFICATION_LIMITS_SENDS_PER_DESTINATION_PER_HOUR=${AUTHCLOUD_VERIFICATION_LIMITS_SENDS_PER_DESTINATION_PER_HOUR:-200}
  # alice recovers many times a day in the demo and the system tests: locally her backup keys may be
  # released 500 times a day, and her phones asked to approve 500 times (5 and 10 in production).
  # Limits meant to bite are tested with people made for the test.
  export AUTHCLOUD_RECOVERY_KEY_RELEASES_PER_DAY=${AUTHCLOUD_RECOVERY_KEY_RELEASES_PER_DAY:-500}
  export AUTHCLOUD_RECOVERY_APPROVAL_REQUESTS_PER_DAY=${AUTHCLOUD_RECOVERY_APPROVAL_REQUESTS_PER_DAY:-500}
  # The local realm has a second relying party (other-portal), to show that a sign-in request belongs to
  # the party that made it, and a client whose tokens live 1 second (authcloud-test-short-lived), so that the
  # reliability suite shows an expired token refused for its expiry alone; both are served locally only.
  export AUTHCLOUD_SECURITY_SERVED_CLIENTS=${AUTHCLOUD_SECURITY_SERVED_CLIENTS:-authenticator-app,authcloud-services,sign-in-portal,account-web,other-portal,authcloud-test-short-lived}
  # The confidential clients' secrets are fixed in the local realm file (deploy/local/keycloak).
  export AUTHCLOUD_SERVICES_CLIENT_SECRET=${AUTHCLOUD_SERVICES_CLIENT_SECRET:-authcloud-services-local-secret}
  export ACCOUNT_WEB_CLIENT_SECRET=${ACCOUNT_WEB_CLIENT_SECRET:-account-web-local-secret-at-least-32-characters}
}

services_up() {
  local module instance pending=() modules=()
  for module in "${SERVICE_MODULES[@]}"; do
    [[ -d "$REPO_ROOT/$module" ]] || die "service module $module is missing in $REPO_ROOT"
    for instance in $(instance_names "$module"); do
      service_already_up "$instance" || pending+=("$instance")
    done
  done
  scale_down
  if ((${#pending[@]} == 0)); then
    [[ -f $NGINX_DIR/openapi.json ]] || publish_openapi
    return 0
  fi
  load_local_secrets
  for instance in "${pending[@]}"; do
    module=$(instance_module "$instance")
    [[ " ${modules[*]} " == *" $module "* ]] || modules+=("$module")
  done
  package_services "${modules[@]}"
  for instance in "${pending[@]}"; do
    start_service "$instance"
  done
  for instance in "${pending[@]}"; do
    wait_for "$instance" "$SERVICE_READY_TIMEOUT" "$(service_ready_url "$instance")" \
      "$LOG_DIR/$instance.log" "${COMPONENT_PID[$instance]}"
  done
  publish_openapi
}

# Instances beyond the number wanted (an earlier --replicas) are stopped.
scale_down() {
  local module instance
  for module in "${SERVICE_MODULES[@]}"; do
    for instance in $(instance_names "$module" "$MAX_REPLICAS" | tail -n +"$(($(replicas) + 1))"); do
      stop_pid "$instance" "$module/target/quarkus-app" 30
    done
  done
}

# Records the state and succeeds when the instance answers its readiness check already, with the
# current jar: one of ours started before its jar was rebuilt is stopped, to be started again.
service_already_up() {
  local instance=$1 module port pid jar
  module=$(instance_module "$instance")
  port=$(instance_port "$instance")
  jar=$REPO_ROOT/$module/target/quarkus-app/quarkus-run.jar
  if pid=$(running_pid "$instance" "$module/target/quarkus-app") && [[ -f $jar && $jar -nt $(pid_file "$instance") ]]; then
    info "$instance runs an older build than $jar: restarting it"
    stop_pid "$instance" "$module/target/quarkus-app" 30
    return 1
  fi
  url_ok "$(service_ready_url "$instance")" || return 1
  if pid=$(running_pid "$instance" "$module/target/quarkus-app"); then
    record_state "$instance" "http://$LOCALHOST:$port" "already running" "$pid" "$LOG_DIR/$instance.log"
  else
    record_state "$instance" "http://$LOCALHOST:$port" "already running" external "-"
  fi
}

# One Maven run for every service that must be started. Only those modules are packaged, so
# the jars of services that keep running are not rewritten under them.
package_services() {
  local log=$LOG_DIR/build.log selection=() module
  if [[ ${AUTHCLOUD_SKIP_BUILD:-0} == 1 ]]; then
    for module in "$@"; do
      [[ -f $REPO_ROOT/$module/target/quarkus-app/quarkus-run.jar ]] \
        || fail_component "$module" "AUTHCLOUD_SKIP_BUILD=1 but $module is not packaged; run ./mvnw package first"
    done
    return 0
  fi
  if (($# < ${#SERVICE_MODULES[@]})); then
    selection=(-pl "$(IFS=,; echo "$*")" -am)
  fi
  info "packaging $* (./mvnw -DskipTests package; log: $log)"
  # With a class-data archive per service (Quarkus AppCDS): classes load from it, already verified.
  (cd "$REPO_ROOT" && ./mvnw -B -q -DskipTests -Dquarkus.package.jar.appcds.enabled=true "${selection[@]}" package) >"$log" 2>&1 \
    || fail_component "build" "./mvnw package failed" "$log"
}

# start_service <instance>: one instance of a service (backup-service, backup-service-2, ...), on its port.
start_service() {
  local instance=$1 module port pid jar log
  module=$(instance_module "$instance")
  log=$LOG_DIR/$instance.log
  port=$(instance_port "$instance")
  jar=$REPO_ROOT/$module/target/quarkus-app/quarkus-run.jar
  if pid=$(running_pid "$instance" "$module/target/quarkus-app"); then
    # Ours, still starting up (or unhealthy): wait_for decides.
    record_state "$instance" "http://$LOCALHOST:$port" "already running" "$pid" "$log"
    return 0
  fi
  port_open "$port" && fail_component "$instance" "port $port is taken by $(port_owner "$port") and it is not ready"
  [[ -f "$jar" ]] || fail_component "$instance" "$jar is missing after the build" "$LOG_DIR/build.log"
  info "starting $instance on port $port"
  # quarkus.http.port: the health URL we wait for must be the port the service listens on.
  # Its own Kafka and Redis logins (local-only passwords, lib.sh), in its environment only.
  # From its own directory: the class-data archive (app-cds.jsa, made by the build) names the jars by
  # relative path, and is used only when they match. -Dauthcloud.app names the process for running_pid.
  local app=${jar%/quarkus-run.jar} cds=()
  [[ -f $app/app-cds.jsa ]] && cds=(-XX:SharedArchiveFile=app-cds.jsa)
  pid=$(
    cd "$app"
    while read -r credential; do export "${credential?}"; done < <(service_credentials_env "$module")
    export MALLOC_ARENA_MAX=2
    start_bg "$instance" "$log" "$(project_java)" "${SERVICE_JVM_OPTIONS[@]}" "${cds[@]}" -Dauthcloud.app="$app" \
      -Dquarkus.http.host="$LOCALHOST" -Dquarkus.http.port="$port" -jar quarkus-run.jar
  )
  record_state "$instance" "http://$LOCALHOST:$port" "started now" "$pid" "$log"
}

main() {
  local infra_only=0 monitoring=0 replicas="" arg
  for arg in "$@"; do
    case "$arg" in
      --infra-only) infra_only=1 ;;
      --with-monitoring) monitoring=1 ;;
      --replicas=*) replicas=${arg#--replicas=} ;;
      --replicas) replicas=next ;;
      -h | --help) usage; exit 0 ;;
      *)
        if [[ $replicas == next ]]; then
          replicas=$arg
        else
          usage >&2
          die "unknown option: $arg"
        fi
        ;;
    esac
  done
  if [[ -n $replicas ]]; then
    [[ $replicas =~ ^[1-9]$ ]] && ((replicas <= MAX_REPLICAS)) || die "--replicas takes 1 to $MAX_REPLICAS, not '$replicas'"
  fi
  local started=$SECONDS
  take_run_lock
  if [[ -n $replicas ]]; then
    mkdir -p "$RUN_DIR"
    echo "$replicas" >"$REPLICAS_FILE"
  fi
  infra_up
  ((infra_only)) || services_up
  ((monitoring)) && monitoring_up
  print_components
  printf '\nReady in %ss. Stop with: %s\n' "$((SECONDS - started))" "$LOCAL_DIR/down.sh"
}

# Sourced (roll.sh starts instances with these functions), nothing runs.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
