#!/usr/bin/env bash
# Runs every test of the project: brings up the infrastructure the tests talk to (PostgreSQL,
# Redis, Kafka, Keycloak, GreenMail, gateway), then `./mvnw -B verify` in the repo root, then the
# benchmark's smoke run (deploy/loadtest/bench.sh --smoke) and the chart's short run
# (deploy/kube/play.sh --check). Extra arguments go to Maven only, e.g.
# deploy/local/test.sh -pl backup-service (and skip the smoke and chart runs). Fails when any part fails.
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOCAL_DIR/../.." && pwd)

"$LOCAL_DIR/up.sh" --infra-only
# The browser the account security page's test drives (Debian's chromium and chromium-driver).
(source "$LOCAL_DIR/infra.sh" && ensure_test_packages)
cd "$REPO_ROOT"
./mvnw -B verify "$@"
# With no Maven arguments (every test), two short runs against real servers:
if (($# == 0)); then
  # The benchmark's smoke: every load scenario once, for seconds at small rates, against the whole stack;
  # fails on any error (the full benchmark is deploy/loadtest/bench.sh). The system tests left the stack
  # up; up.sh makes sure of it, with the jars verify has just packaged.
  AUTHCLOUD_SKIP_BUILD=1 "$LOCAL_DIR/up.sh"
  "$REPO_ROOT/deploy/loadtest/bench.sh" --smoke
  # The chart run for real, in short. The images are built without Docker, the four pods started by
  # podman from the rendered chart, and one backup is written and read through the gateway; then the
  # pods stop. The full run is deploy/kube/play.sh + demo.sh.
  "$REPO_ROOT/deploy/kube/play.sh" --check
  "$REPO_ROOT/deploy/kube/play.sh" --down
fi
