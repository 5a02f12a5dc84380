#!/usr/bin/env bash
# The reliability suite (docs/reliability.md) against the local stack, on its own:
#   deploy/local/reliability.sh          the short version (what every deploy/local/test.sh runs)
#   deploy/local/reliability.sh --long   the long version: 10,000 backup writes under five kills of
#                                        backup-service and two Kafka restarts, 64 phones writing
# Brings the stack up with two instances of every service (up.sh --replicas 2), builds what the suite
# needs, runs the suite's classes and prints each result row (also in deploy/simulator/target/reliability/).
# Fails when any of them fails.
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOCAL_DIR/../.." && pwd)

long=false
case "${1:-}" in
  --long) long=true ;;
  "") ;;
  -h | --help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1" >&2; exit 2 ;;
esac

"$LOCAL_DIR/up.sh" --replicas 2
cd "$REPO_ROOT"
./mvnw -B -q install -DskipTests -pl deploy/simulator -am
rm -rf deploy/simulator/target/reliability
status=0
./mvnw -B verify -pl deploy/simulator -Dtest='io.authcloud.simulator.reliability.*Test' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dreliability.long="$long" || status=$?
printf '\n| what was tried | how much | what was lost or went wrong | recovery |\n|---|---|---|---|\n'
cat deploy/simulator/target/reliability/*.md 2>/dev/null | grep '^|' || true
exit "$status"
