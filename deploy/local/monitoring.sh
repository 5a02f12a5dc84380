#!/usr/bin/env bash
# A local Prometheus (Debian's /usr/bin/prometheus, installed by infra.sh) on 127.0.0.1:PROMETHEUS_PORT
# (9090): scrapes the four services' /q/metrics on their local ports and evaluates the chart's alerts
# (helm/authcloud/files/alerts.yaml), as the cluster's Prometheus does. Its config and data are under
# run/prometheus/. up.sh --with-monitoring starts it, down.sh stops it; on its own:
#
#   deploy/local/monitoring.sh start    start (or reload the config of the running one)
#   deploy/local/monitoring.sh stop
set -euo pipefail

# Sourced by up.sh and down.sh, which have read lib.sh already (reading it again would forget the
# components they recorded).
declare -F take_run_lock >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
PROMETHEUS_DIR=$RUN_DIR/prometheus
PROMETHEUS_RULES=$REPO_ROOT/helm/authcloud/files/alerts.yaml

monitoring_up() {
  local log=$LOG_DIR/prometheus.log url=http://$LOCALHOST:$PROMETHEUS_PORT pid
  [[ -x /usr/bin/prometheus ]] \
    || die "/usr/bin/prometheus is missing: run deploy/local/up.sh (it installs Debian's prometheus package) or apt-get install prometheus"
  mkdir -p "$PROMETHEUS_DIR/data" "$LOG_DIR"
  write_prometheus_config "$PROMETHEUS_DIR/prometheus.yml"
  if pid=$(running_pid prometheus "$PROMETHEUS_DIR"); then
    kill -HUP "$pid" # reads the config and the rules again
    record_state prometheus "$url" "already running" "$pid" "$log"
    return 0
  fi
  if port_open "$PROMETHEUS_PORT"; then
    # Debian's package enables prometheus.service: on a machine with systemd it runs after a reboot.
    fail_component prometheus "port $PROMETHEUS_PORT is taken by $(port_owner "$PROMETHEUS_PORT") (Debian's own Prometheus? \
systemctl disable --now prometheus), or set PROMETHEUS_PORT"
  fi
  info "starting Prometheus on $url"
  pid=$(start_bg prometheus "$log" /usr/bin/prometheus --config.file="$PROMETHEUS_DIR/prometheus.yml" \
    --storage.tsdb.path="$PROMETHEUS_DIR/data" --storage.tsdb.retention.time=2d \
    --web.listen-address="$LOCALHOST:$PROMETHEUS_PORT")
  wait_for prometheus 30 "$url/-/ready" "$log" "$pid"
  record_state prometheus "$url" "started now" "$pid" "$log"
}

monitoring_down() {
  stop_pid prometheus "$PROMETHEUS_DIR" 15
}

# Every instance of every service on its local port; the services tag their series with `application` themselves.
write_prometheus_config() {
  local module instance targets=""
  for module in "${SERVICE_MODULES[@]}"; do
    for instance in $(instance_names "$module"); do
      targets+="          - $LOCALHOST:$(instance_port "$instance")"$'\n'
    done
  done
  cat >"$1" <<EOF
# Written by deploy/local/monitoring.sh at every start; edits are lost.
global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - $PROMETHEUS_RULES
scrape_configs:
  - job_name: authcloud
    metrics_path: /q/metrics
    static_configs:
      - targets:
${targets%$'\n'}
EOF
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    start) take_run_lock; monitoring_up; print_components ;;
    stop) take_run_lock; monitoring_down ;;
    *) sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
fi
