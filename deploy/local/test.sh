#!/usr/bin/env bash
# Runs every test of the project: brings up the infrastructure the tests talk to (PostgreSQL,
# Redis, Kafka, Keycloak, GreenMail, gateway), then `./mvnw -B verify` in the repo root.
# Extra arguments go to Maven, e.g. deploy/local/test.sh -pl backup-service
# Exits with Maven's exit code.
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOCAL_DIR/../.." && pwd)

"$LOCAL_DIR/up.sh" --infra-only
cd "$REPO_ROOT"
exec ./mvnw -B verify "$@"
