#!/usr/bin/env bash
# Brings up the local stack's infrastructure: PostgreSQL, Redis, Kafka, Keycloak, GreenMail and
# the nginx gateway, as fixed by docs/local-stack-contract.md. Every step is skipped when its
# work is already done, so a second run takes seconds.
#
# Sourced by up.sh (which calls infra_up); can also be run on its own: deploy/local/infra.sh
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# =============================================================================================
# Packages
# =============================================================================================

# Debian packages, each with the file that tells whether it is installed.
declare -A REQUIRED_PACKAGES=(
  [curl]=/usr/bin/curl
  [unzip]=/usr/bin/unzip
  [jq]=/usr/bin/jq
  [openssl]=/usr/bin/openssl
  [nginx]=/usr/sbin/nginx
  [redis-server]=/usr/bin/redis-server
  [postgresql]=/usr/bin/pg_ctlcluster
  [prometheus]=/usr/bin/promtool
  # pgrep (a reload of the gateway waits for its old workers; fault.sh pauses PostgreSQL's backends) and ss
  # (fault.sh finds a server by its port): in Debian's standard install, not in a minimal one.
  [procps]=/usr/bin/pgrep
  [iproute2]=/usr/bin/ss
)

# What only the tests need (deploy/local/test.sh): Debian's Chromium and ChromeDriver, for the account security
# page's browser test (docs/testing.md).
declare -A TEST_PACKAGES=(
  [chromium]=/usr/bin/chromium
  [chromium-driver]=/usr/bin/chromedriver
)

ensure_test_packages() {
  local missing
  mapfile -t missing < <(missing_packages TEST_PACKAGES)
  install_packages "$LOG_DIR/apt-test.log" "${missing[@]}"
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages REQUIRED_PACKAGES)
  # pg_ctlcluster alone (postgresql-common) does not mean a server is installed.
  if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && [[ " ${missing[*]} " != *" postgresql "* ]]; then
    missing+=(postgresql)
  fi
  command -v java >/dev/null || die "java is missing: install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless)"
  install_packages "$LOG_DIR/apt.log" "${missing[@]}"
}

# The packages of the named array (package -> a file that shows it is installed) that are missing.
missing_packages() {
  local -n wanted=$1
  local pkg
  for pkg in "${!wanted[@]}"; do
    [[ -e "${wanted[$pkg]}" ]] || echo "$pkg"
  done
}

# Installs the given packages (none: nothing to do) as root, logging to $1.
install_packages() {
  local log=$1
  shift
  (($#)) || return 0
  [[ $EUID -eq 0 ]] || die "missing packages ($*); run as root or install them: apt-get install $*"
  info "installing $* (apt-get)"
  mkdir -p "$LOG_DIR"
  apt_install "$@" >"$log" 2>&1 || fail_component "apt-get install $*" "installation failed" "$log"
}

# Installs without starting anything: Debian's packages would otherwise start nginx on :80,
# a PostgreSQL/Redis of their own and a Prometheus on :9090 (deploy/local/monitoring.sh runs ours).
# We start what we need, bound to 127.0.0.1, ourselves.
apt_install() {
  local policy=/usr/sbin/policy-rc.d ours=0 rc=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# authcloud deploy/local: no service starts during apt-get install\nexit 101\n' >"$policy"
    chmod +x "$policy"
    ours=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-upgrade --no-install-recommends "$@" \
    || { apt-get update -q && apt-get install -y -q --no-upgrade --no-install-recommends "$@"; } \
    || rc=$?
  ((ours)) && rm -f "$policy"
  return "$rc"
}

# =============================================================================================
# PostgreSQL: one server, a database + login role per service, plus the tests' databases.
# =============================================================================================
SERVICE_DATABASES=(backup recovery verification notification)

# Runs psql as the postgres superuser over the local socket (peer auth on Debian).
psql_admin() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres "$@"
  else
    sudo -n -u postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres "$@"
  fi
}

ensure_postgres() {
  local log=/var/log/postgresql
  if pg_isready -q -h "$LOCALHOST" -p "$PGPORT"; then
    if [[ -f "$PID_DIR/postgresql.started" ]]; then
      record_state postgresql "$LOCALHOST:$PGPORT" "already running" "cluster $(<"$PID_DIR/postgresql.started")" "$log"
    else
      record_state postgresql "$LOCALHOST:$PGPORT" "already running" external "$log"
    fi
  else
    start_postgres
  fi
  provision_databases
  ensure_password_login
}

start_postgres() {
  local cluster version name
  # The Debian cluster configured for our port (normally 15/main on 5432).
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$PGPORT" '$3 == port { print $1, $2; exit }')
  [[ -n "$cluster" ]] || fail_component postgresql "no PostgreSQL cluster is configured for port $PGPORT (see pg_lsclusters)"
  read -r version name <<<"$cluster"
  local log=/var/log/postgresql/postgresql-$version-$name.log
  info "starting PostgreSQL $version/$name"
  closed_fds pg_ctlcluster "$version" "$name" start || fail_component postgresql "pg_ctlcluster $version $name start failed" "$log"
  mkdir -p "$PID_DIR"
  # Marker for down.sh: this cluster was started by us, so it may be stopped by us.
  echo "$version $name" >"$PID_DIR/postgresql.started"
  wait_for postgresql 30 "tcp:$PGPORT" "$log"
  record_state postgresql "$LOCALHOST:$PGPORT" "started now" "cluster $version/$name" "$log"
}

# Roles, databases and the tests' databases (contract table). Idempotent; passwords are set on
# every run so that a role created by hand or by an older script logs in as documented.
provision_databases() {
  local sql="" db
  for db in "${SERVICE_DATABASES[@]}"; do
    sql+="
SELECT format('CREATE ROLE %I LOGIN', '$db') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db')
\\gexec
ALTER ROLE \"$db\" LOGIN PASSWORD '$db';
SELECT format('CREATE DATABASE %I OWNER %I', d, '$db') FROM unnest(ARRAY['$db', '${db}_test']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d)
\\gexec"
  done
  psql_admin <<<"SET client_min_messages = warning; $sql" >/dev/null \
    || fail_component postgresql "creating the roles and databases failed (psql as postgres)"
}

# Services log in over TCP with a password. Debian's pg_hba.conf allows that; a machine whose
# rules do not (a 'reject' or 'ident' line first) gets one scram-sha-256 rule for our roles.
ensure_password_login() {
  password_login_works && return 0
  local hba roles
  hba=$(psql_admin -At -c 'SHOW hba_file')
  roles=$(IFS=,; echo "${SERVICE_DATABASES[*]}")
  info "adding a scram-sha-256 rule for 127.0.0.1 to $hba"
  sed -i "1i host all $roles 127.0.0.1/32 scram-sha-256 # authcloud deploy/local" "$hba"
  psql_admin -c 'SELECT pg_reload_conf()' >/dev/null
  sleep 0.5
  password_login_works || fail_component postgresql "the service roles still cannot log in over TCP with their passwords ($hba)"
}

password_login_works() {
  local db
  for db in "${SERVICE_DATABASES[@]}"; do
    PGPASSWORD=$db PGCONNECT_TIMEOUT=3 psql -X -q -At -h "$LOCALHOST" -p "$PGPORT" -U "$db" -d "${db}_test" \
      -c 'SELECT 1' >/dev/null 2>&1 || return 1
  done
}

# =============================================================================================
# Redis: the machine's own when one answers on the port, else one of ours (kept in memory only).
# =============================================================================================
# True when Redis answers: to the scripts' admin user, or to anybody while it has no users of ours yet
# (the machine's Redis before the first up.sh, or one restarted since: ACL SETUSER is not persisted).
redis_ping() {
  [[ "$(redis_admin ping 2>/dev/null)" == PONG ]] \
    || [[ "$(redis-cli -h "$LOCALHOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

ensure_redis() {
  local log=$LOG_DIR/redis.log pid
  if redis_ping; then
    if pid=$(running_pid redis redis-server); then
      record_state redis "$LOCALHOST:$REDIS_PORT" "already running" "$pid" "$log"
    else
      record_state redis "$LOCALHOST:$REDIS_PORT" "already running" external "-"
    fi
    return 0
  fi
  port_open "$REDIS_PORT" && fail_component redis "port $REDIS_PORT is taken by $(port_owner "$REDIS_PORT") which does not answer PING"
  info "starting Redis"
  mkdir -p "$PID_DIR" "$LOG_DIR" "$RUN_DIR/redis"
  [[ -f "$log" ]] && mv -f "$log" "$log.prev"
  # --daemonize: Redis forks and writes the pid file itself; that file marks it as ours.
  closed_fds redis-server --bind "$LOCALHOST" --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$RUN_DIR/redis" --pidfile "$(pid_file redis)" --logfile "$log" \
    || fail_component redis "redis-server did not start" "$log"
  local deadline=$((SECONDS + 15))
  until redis_ping; do
    ((SECONDS < deadline)) || fail_component redis "no PONG on port $REDIS_PORT within 15s" "$log"
    sleep 0.2
  done
  record_state redis "$LOCALHOST:$REDIS_PORT" "started now" "$(<"$(pid_file redis)")" "$log"
}

# Each service logs in as itself and reaches only its own keys; commands of @dangerous (KEYS, FLUSHALL,
# CONFIG, DEBUG, ...) are nobody's but the admin's. The default user is switched off last, so a client
# without credentials gets NOAUTH. Applied at every up.sh: the machine's Redis does not persist them.
declare -A REDIS_KEY_PATTERNS=(
  [backup-service]='~backup:*'
  [verification-service]='~otp:* ~verification:*'
  [notification-service]='~signin:* ~totp-used:*'
)
REDIS_SERVICE_COMMANDS='+@all -@dangerous'
REDIS_USERS_MARKER=$PID_DIR/redis.users-set

ensure_redis_users() {
  local commands user answer
  commands="ACL SETUSER $REDIS_ADMIN_USER reset on >$(local_redis_password "$REDIS_ADMIN_USER") ~* &* +@all"$'\n'
  for user in "${!REDIS_KEY_PATTERNS[@]}"; do
    commands+="ACL SETUSER $user reset on >$(local_redis_password "$user") ${REDIS_KEY_PATTERNS[$user]} resetchannels $REDIS_SERVICE_COMMANDS"$'\n'
  done
  commands+="ACL SETUSER default off"$'\n'
  if redis_admin_works; then
    answer=$(redis_admin <<<"$commands" 2>&1)
  elif [[ "$(redis-cli -h "$LOCALHOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; then
    answer=$(redis-cli -h "$LOCALHOST" -p "$REDIS_PORT" <<<"$commands" 2>&1)
    # It was open to anybody: down.sh gives it back that way (release_redis_users).
    mkdir -p "$PID_DIR" && touch "$REDIS_USERS_MARKER"
  else
    fail_component redis "Redis on port $REDIS_PORT wants a login that is neither ours ($REDIS_ADMIN_USER) nor none"
  fi
  # One OK per command; an error line never carries the command (so no password is shown).
  [[ "$(grep -c '^OK$' <<<"$answer")" == "$(grep -c . <<<"$commands")" ]] \
    || fail_component redis "setting up the ACL users failed: $(grep -v '^OK$' <<<"$answer" | head -n 3)"
}

# True when the scripts' admin user logs in (a failed AUTH would leave redis-cli on the default user).
redis_admin_works() {
  [[ "$(redis_admin ACL WHOAMI 2>/dev/null)" == "$REDIS_ADMIN_USER" ]]
}

# The machine's Redis goes back to how up.sh found it: open to clients without credentials, without
# our users (down.sh). Ours is stopped instead, which forgets them.
release_redis_users() {
  [[ -f "$REDIS_USERS_MARKER" ]] || return 0
  if redis_admin_works; then
    info "giving the machine's Redis back without the stack's users"
    redis_admin <<<"ACL SETUSER default on
ACL DELUSER ${!REDIS_KEY_PATTERNS[*]}
ACL DELUSER $REDIS_ADMIN_USER" >/dev/null || warn "could not remove the stack's Redis users"
  fi
  rm -f "$REDIS_USERS_MARKER"
}

# =============================================================================================
# Downloads: Kafka's jars, Keycloak and GreenMail from Maven Central, into the cache.
# =============================================================================================
KEYCLOAK_BUILD_OPTS=(--db=dev-file --health-enabled=true)
KEYCLOAK_BUILT_MARKER=$KEYCLOAK_DIST/.authcloud-build

ensure_artifacts() {
  artifacts_ready && return 0
  mkdir -p "$CACHE_DIR" "$LOG_DIR"
  # Another checkout (say, CI's clone) may be filling the same cache right now.
  local lock_fd
  exec {lock_fd}>"$CACHE_DIR/.lock"
  flock -w 900 "$lock_fd" || die "timed out waiting for $CACHE_DIR/.lock"
  if ! artifacts_ready; then
    local work
    work=$(mktemp -d "$CACHE_DIR/.fetch.XXXXXX")
    fetch_artifacts "$work"
    install_artifacts "$work"
    rm -rf "$work"
  fi
  exec {lock_fd}>&-
}

artifacts_ready() {
  [[ -f "$KAFKA_HOME/.complete" && -f "$GREENMAIL_JAR" ]] \
    && [[ "$(cat "$KEYCLOAK_BUILT_MARKER" 2>/dev/null)" == "${KEYCLOAK_BUILD_OPTS[*]}" ]]
}

maven() {
  if command -v mvn >/dev/null; then mvn "$@"; else "$REPO_ROOT/mvnw" "$@"; fi
}

fetch_artifacts() {
  local work=$1 log=$LOG_DIR/fetch.log
  info "downloading Kafka $KAFKA_VERSION, Keycloak $KEYCLOAK_VERSION and GreenMail $GREENMAIL_VERSION (Maven Central, cached in $CACHE_DIR)"
  # A copy of the pom, outside the repo, so the project's own .mvn/ settings do not apply.
  cp "$LOCAL_DIR/fetch/pom.xml" "$work/pom.xml"
  (cd "$work" && maven -B -q -f pom.xml package -Dfetch.dir="$work/out" \
    -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$LOG4J_VERSION" \
    -Dkeycloak.version="$KEYCLOAK_VERSION" -Dgreenmail.version="$GREENMAIL_VERSION") >"$log" 2>&1 \
    || fail_component "download (Maven)" "could not fetch the servers from Maven Central" "$log"
}

# Each piece is assembled in the work folder and moved into place last, so an interrupted run
# never leaves a half-made cache entry that looks complete.
install_artifacts() {
  local work=$1
  if [[ ! -f "$KAFKA_HOME/.complete" ]]; then
    rm -rf "$KAFKA_HOME"
    mkdir -p "$work/kafka"
    mv "$work/out/kafka-libs" "$work/kafka/lib"
    touch "$work/kafka/.complete"
    mv "$work/kafka" "$KAFKA_HOME"
  fi
  [[ -f "$GREENMAIL_JAR" ]] || mv "$work/out/greenmail-standalone-$GREENMAIL_VERSION.jar" "$GREENMAIL_JAR"
  if [[ "$(cat "$KEYCLOAK_BUILT_MARKER" 2>/dev/null)" != "${KEYCLOAK_BUILD_OPTS[*]}" ]]; then
    build_keycloak "$work"
  fi
}

# `kc.sh build` once per cache (about 20-40 s), so that every start can use --optimized.
build_keycloak() {
  local work=$1 log=$LOG_DIR/keycloak-build.log dist
  info "unpacking and building Keycloak (${KEYCLOAK_BUILD_OPTS[*]}), once per cache"
  unzip -q "$work/out/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$work/kc"
  dist=$work/kc/keycloak-$KEYCLOAK_VERSION
  JAVA_HOME=$(keycloak_java_home) "$dist/bin/kc.sh" build "${KEYCLOAK_BUILD_OPTS[@]}" >"$log" 2>&1 \
    || fail_component "Keycloak build" "kc.sh build failed" "$log"
  echo "${KEYCLOAK_BUILD_OPTS[*]}" >"$dist/.authcloud-build"
  rm -rf "$KEYCLOAK_DIST.old"
  [[ -d "$KEYCLOAK_DIST" ]] && mv "$KEYCLOAK_DIST" "$KEYCLOAK_DIST.old"
  mv "$dist" "$KEYCLOAK_DIST"
  rm -rf "$KEYCLOAK_DIST.old"
}

# =============================================================================================
# Kafka: one KRaft node (broker + controller) from the cached jars; data in run/kafka/data.
# =============================================================================================
KAFKA_DIR=$RUN_DIR/kafka
KAFKA_PROPERTIES=$KAFKA_DIR/server.properties
KAFKA_LOG=$LOG_DIR/kafka.log
# name:partitions[:topic configs]. notification-requests carries encrypted one-time codes, so
# it (and its DLQ) keeps records for 15 minutes only.
KAFKA_TOPICS=(
  backup-events:6 backup-events-dlq:6
  recovery-events:6 recovery-events-dlq:6
  verification-events:6 verification-events-dlq:6
  notification-requests:6:retention.ms=900000 notification-requests-dlq:6:retention.ms=900000
  credential-events:6 credential-events-dlq:6
)
# The services' test suites use copies of every topic, so that the events tests publish (some of
# them made up) never reach a running stack's consumers.
KAFKA_TOPICS+=("${KAFKA_TOPICS[@]/#/test.}")
KAFKA_STARTED_NOW=0
# Clients log in with SASL SCRAM-SHA-512 on the broker's port; the scripts as the super user, with this
# file (written at every start, readable by the owner only).
KAFKA_ADMIN_PROPERTIES=$KAFKA_DIR/admin.properties
KAFKA_ACLS=$LOCAL_DIR/kafka/acls.txt
# Written into the data folder when it is formatted with the SCRAM login of the super user: a data
# folder without it comes from before SASL (no login would work), and is formatted again.
KAFKA_SASL_MARKER=$KAFKA_DIR/data/.authcloud-sasl

start_kafka() {
  local pid properties
  properties=$(kafka_properties)
  if pid=$(running_pid kafka "$KAFKA_PROPERTIES"); then
    if [[ "$properties" == "$(cat "$KAFKA_PROPERTIES" 2>/dev/null)" && -f "$KAFKA_SASL_MARKER" ]]; then
      record_state kafka "$LOCALHOST:$KAFKA_PORT" "already running" "$pid" "$KAFKA_LOG"
      return 0
    fi
    info "Kafka runs with an older configuration: restarting it"
    stop_pid kafka "$KAFKA_PROPERTIES" 45
  fi
  if port_open "$KAFKA_PORT"; then
    warn "port $KAFKA_PORT is in use by $(port_owner "$KAFKA_PORT"); using it as the Kafka broker"
    record_state kafka "$LOCALHOST:$KAFKA_PORT" "already running" external "-"
    return 0
  fi
  mkdir -p "$KAFKA_DIR/data" "$LOG_DIR"
  echo "$properties" >"$KAFKA_PROPERTIES"
  chmod 600 "$KAFKA_PROPERTIES"
  if [[ -f "$KAFKA_DIR/data/meta.properties" && ! -f "$KAFKA_SASL_MARKER" ]]; then
    # Local data is disposable: the topics are made again below, the users and ACLs by ensure_topics.
    info "Kafka's data folder predates SASL logins: formatting it again (its records are dropped)"
    rm -rf "$KAFKA_DIR/data" "$KAFKA_DIR/topics.ok"
    mkdir -p "$KAFKA_DIR/data"
  fi
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    # Formatting twice fails, hence the check; the fixed cluster id comes from the contract. The super
    # user's SCRAM credential goes in at format time (no one could log in to add it afterwards).
    java -cp "$KAFKA_HOME/lib/*" -Dlog4j2.configurationFile="$LOCAL_DIR/kafka/log4j2.properties" \
      -Dauthcloud.kafka.level=WARN kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" \
      -c "$KAFKA_PROPERTIES" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$(local_kafka_password "$KAFKA_ADMIN_USER")]" \
      >"$LOG_DIR/kafka-format.log" 2>&1 \
      || fail_component kafka "formatting the storage failed" "$LOG_DIR/kafka-format.log"
    touch "$KAFKA_SASL_MARKER"
  fi
  info "starting Kafka"
  pid=$(start_bg kafka "$KAFKA_LOG" java -Xms128m -Xmx512m \
    -Dlog4j2.configurationFile="$LOCAL_DIR/kafka/log4j2.properties" \
    -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$KAFKA_PROPERTIES")
  KAFKA_STARTED_NOW=1
  record_state kafka "$LOCALHOST:$KAFKA_PORT" "started now" "$pid" "$KAFKA_LOG"
}

kafka_properties() {
  cat <<EOF
# Generated by deploy/local/infra.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$LOCALHOST:$KAFKA_CONTROLLER_PORT
# Clients: SASL SCRAM-SHA-512 only. The controller's listener needs a login too: SASL PLAIN (SCRAM's
# credentials live in the metadata the controller serves, so it cannot check them), whose only user is the
# super user the broker registers as; a client without it cannot even connect there.
listeners=SASL_PLAINTEXT://$LOCALHOST:$KAFKA_PORT,CONTROLLER://$LOCALHOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://$LOCALHOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$(local_kafka_password "$KAFKA_ADMIN_USER")";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$(local_kafka_password "$KAFKA_ADMIN_USER")" user_$KAFKA_ADMIN_USER="$(local_kafka_password "$KAFKA_ADMIN_USER")";
# Nobody may do anything an ACL does not allow (deploy/local/kafka/acls.txt).
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$KAFKA_ADMIN_USER
log.dirs=$KAFKA_DIR/data
# Topics are created by up.sh as the contract lists them; a typo must fail, not create a topic.
auto.create.topics.enable=false
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
# One node: the internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers in tests join at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
EOF
}

await_kafka() {
  [[ "${COMPONENT_PID[kafka]}" == external ]] || \
    wait_for kafka 60 "tcp:$KAFKA_PORT" "$KAFKA_LOG" "${COMPONENT_PID[kafka]}"
  write_kafka_admin_properties
  ensure_topics
}

write_kafka_admin_properties() {
  (
    umask 077
    printf '%s\n' "bootstrap.servers=$LOCALHOST:$KAFKA_PORT" security.protocol=SASL_PLAINTEXT sasl.mechanism=SCRAM-SHA-512 \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_ADMIN_USER\" password=\"$(local_kafka_password "$KAFKA_ADMIN_USER")\";" \
      >"$KAFKA_ADMIN_PROPERTIES"
  )
}

# Topics, then principals and ACLs. Skipped when our broker was already running and both were made
# from the same lists (a broker that is not ours is always checked).
ensure_topics() {
  local marker=$KAFKA_DIR/topics.ok log=$LOG_DIR/kafka-topics.log wanted name
  wanted="${KAFKA_TOPICS[*]} ${KAFKA_PRINCIPALS[*]} $(sha256sum "$KAFKA_ACLS" | cut -d' ' -f1)"
  if ((KAFKA_STARTED_NOW == 0)) && [[ "${COMPONENT_PID[kafka]}" != external ]] \
    && [[ "$(cat "$marker" 2>/dev/null)" == "$wanted" ]]; then
    return 0
  fi
  info "creating Kafka topics (if missing), principals and ACLs"
  compile_kafka_tool EnsureTopics
  compile_kafka_tool EnsureAccess
  kafka_tool EnsureTopics "$KAFKA_ADMIN_PROPERTIES" "${KAFKA_TOPICS[@]}" </dev/null >"$log" 2>&1 \
    || fail_component "kafka topics" "creating the topics failed" "$log"
  for name in "${KAFKA_PRINCIPALS[@]}"; do
    printf '%s %s\n' "$name" "$(local_kafka_password "$name")"
  done | kafka_tool EnsureAccess "$KAFKA_ADMIN_PROPERTIES" "$KAFKA_ACLS" >>"$log" 2>&1 \
    || fail_component "kafka access" "creating the principals and ACLs failed" "$log"
  if [[ "${COMPONENT_PID[kafka]}" != external ]]; then
    echo "$wanted" >"$marker"
  fi
}

kafka_tool() {
  java -XX:TieredStopAtLevel=1 -cp "$KAFKA_TOOLS_CLASSES:$KAFKA_HOME/lib/*" \
    -Dlog4j2.configurationFile="$LOCAL_DIR/kafka/log4j2.properties" -Dauthcloud.kafka.level=WARN "$@"
}

# Compiled once (and after an edit): running the .java source directly costs ~2 s per start.
KAFKA_TOOLS_CLASSES=$RUN_DIR/kafka-tools
compile_kafka_tool() {
  local src=$LOCAL_DIR/kafka/$1.java class=$KAFKA_TOOLS_CLASSES/$1.class
  [[ -f "$class" && ! "$src" -nt "$class" ]] && return 0
  javac -nowarn -d "$KAFKA_TOOLS_CLASSES" -cp "$KAFKA_HOME/lib/*" "$src" >"$LOG_DIR/kafka-tools-javac.log" 2>&1 \
    || fail_component "kafka tools" "compiling $1.java failed" "$LOG_DIR/kafka-tools-javac.log"
}

# =============================================================================================
# Keycloak: the cached, pre-built dist, run from a home under run/keycloak/home whose bin/kc.sh
# is a copy and whose lib, conf, providers and themes link to the cache. kc.sh takes its home
# from its own path, so the H2 database and the import folder (data/) stay in this checkout.
# =============================================================================================
KEYCLOAK_RUN=$RUN_DIR/keycloak
KEYCLOAK_HOME=$KEYCLOAK_RUN/home
KEYCLOAK_LOG=$LOG_DIR/keycloak.log
REALM_FILE=$LOCAL_DIR/keycloak/authcloud-realm.json
# sha256 of the realm file that the H2 database was created from.
REALM_IMPORTED=$KEYCLOAK_RUN/realm.sha256

start_keycloak() {
  local pid realm_sum
  realm_sum=$(sha256sum "$REALM_FILE" | cut -d' ' -f1)
  if pid=$(running_pid keycloak "$KEYCLOAK_HOME/bin/kc.sh"); then
    if [[ "$(cat "$REALM_IMPORTED" 2>/dev/null)" == "$realm_sum" ]]; then
      record_state keycloak "$KEYCLOAK_URL" "already running" "$pid" "$KEYCLOAK_LOG"
      return 0
    fi
    # Keycloak imports a realm only when it does not exist yet: start over with an empty DB.
    info "the realm file changed since Keycloak imported it: restarting Keycloak"
    stop_keycloak
  elif port_open "$KEYCLOAK_PORT"; then
    warn "port $KEYCLOAK_PORT is in use by $(port_owner "$KEYCLOAK_PORT"); using it as Keycloak"
    record_state keycloak "$KEYCLOAK_URL" "already running" external "-"
    return 0
  fi
  prepare_keycloak_home "$realm_sum"
  info "starting Keycloak"
  local java_home
  java_home=$(keycloak_java_home)
  pid=$(KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin JAVA_HOME=$java_home \
    JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1 $(keycloak_aot_option "$java_home")" \
    start_bg keycloak "$KEYCLOAK_LOG" "$KEYCLOAK_HOME/bin/kc.sh" start --optimized \
    --cache=local --http-enabled=true --http-host="$LOCALHOST" --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --hostname="$KEYCLOAK_URL" --import-realm)
  record_state keycloak "$KEYCLOAK_URL" "started now" "$pid" "$KEYCLOAK_LOG"
}

prepare_keycloak_home() {
  local realm_sum=$1 dir
  mkdir -p "$KEYCLOAK_HOME/bin" "$KEYCLOAK_HOME/data/import"
  cp -f "$KEYCLOAK_DIST/bin/kc.sh" "$KEYCLOAK_HOME/bin/kc.sh"
  for dir in conf lib providers themes; do
    ln -sfn "$KEYCLOAK_DIST/$dir" "$KEYCLOAK_HOME/$dir"
  done
  if [[ -d "$KEYCLOAK_HOME/data/h2" && "$(cat "$REALM_IMPORTED" 2>/dev/null)" != "$realm_sum" ]]; then
    info "the realm file changed since Keycloak imported it: removing Keycloak's database to import it again"
    rm -rf "$KEYCLOAK_HOME/data/h2" "$KEYCLOAK_HOME/data/transaction-logs"
  fi
  cp -f "$REALM_FILE" "$KEYCLOAK_HOME/data/import/"
  rm -f "$REALM_IMPORTED" # written again once this start has imported the realm
}

# Java 25's AOT cache roughly halves Keycloak's start (about 10 s -> 4-5 s here). The first
# start records it (-XX:AOTCacheOutput) and the JVM writes it when Keycloak stops (which then
# takes ~20 s once); later starts use it. The cache is only valid for the same dist and JDK,
# hence the stamp; a stale or damaged cache is ignored by the JVM, never fatal.
keycloak_aot_option() {
  local java_home=$1 aot_dir=$KEYCLOAK_RUN/aot major stamp
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)
  [[ -n "$major" ]] && ((major >= 25)) || return 0
  stamp="$java_home $(cat "$KEYCLOAK_BUILT_MARKER") $(stat -c %Y "$KEYCLOAK_DIST/lib/quarkus-run.jar")"
  mkdir -p "$aot_dir"
  if [[ -f "$aot_dir/keycloak.aot" && "$(cat "$aot_dir/stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "-XX:AOTCache=$aot_dir/keycloak.aot"
  else
    rm -f "$aot_dir/keycloak.aot" "$aot_dir/keycloak.aot.config"
    echo "$stamp" >"$aot_dir/stamp"
    echo "-XX:AOTCacheOutput=$aot_dir/keycloak.aot"
  fi
}

await_keycloak() {
  [[ "${COMPONENT_PID[keycloak]}" == external ]] && {
    wait_for keycloak 5 "$REALM_DISCOVERY_URL" "-"
    return 0
  }
  # The realm's discovery document, not only /health/ready: it proves the import happened.
  wait_for keycloak 180 "$REALM_DISCOVERY_URL" "$KEYCLOAK_LOG" "${COMPONENT_PID[keycloak]}"
  sha256sum "$REALM_FILE" | cut -d' ' -f1 >"$REALM_IMPORTED"
  # The JVM complained about the AOT cache (damaged, or made for other jars): drop it, so that
  # the next start records a new one instead of starting slowly for ever.
  if grep -qE '^\[[0-9.]+s\]\[(warning|error) *\]\[aot' "$KEYCLOAK_LOG"; then
    warn "Keycloak's AOT cache was not usable (see $KEYCLOAK_LOG); the next start records a new one"
    rm -f "$KEYCLOAK_RUN/aot/keycloak.aot" "$KEYCLOAK_RUN/aot/stamp"
  fi
}

# kc.sh forwards SIGTERM to its JVM; with a recording AOT run the JVM then writes the cache.
stop_keycloak() {
  stop_pid keycloak "$KEYCLOAK_HOME/bin/kc.sh" 90
}

# =============================================================================================
# GreenMail: SMTP for the services' mail, with a REST API for tests to read it.
# =============================================================================================
GREENMAIL_LOG=$LOG_DIR/greenmail.log

start_greenmail() {
  local pid
  if pid=$(running_pid greenmail greenmail-standalone); then
    record_state greenmail "smtp $LOCALHOST:$SMTP_PORT, api :$GREENMAIL_API_PORT" "already running" "$pid" "$GREENMAIL_LOG"
    return 0
  fi
  if port_open "$SMTP_PORT" || port_open "$GREENMAIL_API_PORT"; then
    warn "port $SMTP_PORT or $GREENMAIL_API_PORT is in use; using it as GreenMail"
    record_state greenmail "smtp $LOCALHOST:$SMTP_PORT, api :$GREENMAIL_API_PORT" "already running" external "-"
    return 0
  fi
  info "starting GreenMail"
  # The API's default port is 8080, the gateway's: it is moved to GREENMAIL_API_PORT.
  pid=$(start_bg greenmail "$GREENMAIL_LOG" java -Xms32m -Xmx128m -XX:TieredStopAtLevel=1 \
    -Dgreenmail.smtp.hostname="$LOCALHOST" -Dgreenmail.smtp.port="$SMTP_PORT" \
    -Dgreenmail.hostname="$LOCALHOST" -Dgreenmail.auth.disabled \
    -Dgreenmail.api.hostname="$LOCALHOST" -Dgreenmail.api.port="$GREENMAIL_API_PORT" \
    -jar "$GREENMAIL_JAR")
  record_state greenmail "smtp $LOCALHOST:$SMTP_PORT, api :$GREENMAIL_API_PORT" "started now" "$pid" "$GREENMAIL_LOG"
}

await_greenmail() {
  local pid=${COMPONENT_PID[greenmail]}
  [[ "$pid" == external ]] && pid=""
  wait_for greenmail 60 "$GREENMAIL_READY_URL" "$GREENMAIL_LOG" "$pid"
}

# =============================================================================================
# nginx gateway on 127.0.0.1:8080, config rendered from nginx/nginx.conf.template.
# =============================================================================================
NGINX_DIR=$RUN_DIR/nginx
NGINX_CONF=$NGINX_DIR/nginx.conf
NGINX_ERROR_LOG=$NGINX_DIR/logs/error.log

nginx_ctl() {
  nginx -p "$NGINX_DIR" -e "$NGINX_ERROR_LOG" -c "$NGINX_CONF" "$@"
}

# Instances the gateway sends nothing to (roll.sh drains one before stopping it), one name a line.
GATEWAY_DRAINED=$RUN_DIR/gateway-drained

# upstream_servers <module>: the upstream's server lines, one per instance (replicas), `down` when drained.
upstream_servers() {
  local instance servers=""
  for instance in $(instance_names "$1"); do
    servers+="server $LOCALHOST:$(instance_port "$instance") max_fails=0"
    grep -qxF "$instance" "$GATEWAY_DRAINED" 2>/dev/null && servers+=" down"
    servers+="; "
  done
  echo "$servers"
}

render_nginx_conf() {
  local user_directive=""
  # As root, nginx's workers need an unprivileged user (Debian's nginx has no default one).
  [[ $EUID -eq 0 ]] && user_directive="user nobody nogroup;"
  sed -e "s|@USER_DIRECTIVE@|$user_directive|" \
    -e "s|@NGINX_DIR@|$NGINX_DIR|g" \
    -e "s|@PID_FILE@|$(pid_file nginx)|g" \
    -e "s|@GATEWAY_PORT@|$AUTHCLOUD_GATEWAY_PORT|g" \
    -e "s|@BACKUP_SERVERS@|$(upstream_servers backup-service)|g" \
    -e "s|@RECOVERY_SERVERS@|$(upstream_servers recovery-service)|g" \
    -e "s|@VERIFICATION_SERVERS@|$(upstream_servers verification-service)|g" \
    -e "s|@NOTIFICATION_SERVERS@|$(upstream_servers notification-service)|g" \
    "$LOCAL_DIR/nginx/nginx.conf.template"
}

start_gateway() {
  local pid rendered addr="http://$LOCALHOST:$AUTHCLOUD_GATEWAY_PORT"
  mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp" "$PID_DIR"
  rendered=$(render_nginx_conf)
  if pid=$(running_pid nginx "$NGINX_DIR"); then
    if [[ "$rendered" != "$(cat "$NGINX_CONF" 2>/dev/null)" ]]; then
      # Template, ports or instances changed: a reload applies it without dropping requests.
      echo "$rendered" >"$NGINX_CONF"
      check_nginx_conf
      reload_gateway "$pid"
      record_state gateway "$addr" "reloaded" "$pid" "$NGINX_ERROR_LOG"
    else
      record_state gateway "$addr" "already running" "$pid" "$NGINX_ERROR_LOG"
    fi
    return 0
  fi
  if port_open "$AUTHCLOUD_GATEWAY_PORT"; then
    fail_component gateway "port $AUTHCLOUD_GATEWAY_PORT is taken by $(port_owner "$AUTHCLOUD_GATEWAY_PORT")"
  fi
  echo "$rendered" >"$NGINX_CONF"
  check_nginx_conf
  info "starting the nginx gateway"
  closed_fds nginx_ctl || fail_component gateway "nginx did not start" "$NGINX_ERROR_LOG"
  wait_for gateway 10 "$GATEWAY_HEALTH_URL" "$NGINX_ERROR_LOG"
  record_state gateway "$addr" "started now" "$(<"$(pid_file nginx)")" "$NGINX_ERROR_LOG"
}

# The app's one OpenAPI document, served by the gateway at /v1/openapi.json: the four services' own documents
# (each at /q/openapi) joined by Redocly CLI, then bundled without the service-to-service operations
# (openapi/redocly.yaml). Run by up.sh once the services are ready; the system tests lint the result.
REDOCLY_VERSION=2.77.0
REDOCLY=$CACHE_DIR/redocly-$REDOCLY_VERSION/node_modules/.bin/redocly

ensure_redocly() {
  [[ -x $REDOCLY ]] && return 0
  command -v npm >/dev/null || install_packages "$LOG_DIR/apt.log" nodejs npm
  info "installing Redocly CLI $REDOCLY_VERSION (npm)"
  npm install --prefix "$CACHE_DIR/redocly-$REDOCLY_VERSION" --no-audit --no-fund "@redocly/cli@$REDOCLY_VERSION" \
    >"$LOG_DIR/redocly-install.log" 2>&1 || fail_component redocly "npm install failed" "$LOG_DIR/redocly-install.log"
}

publish_openapi() {
  local dir=$RUN_DIR/openapi module documents=() log=$LOG_DIR/openapi.log
  ensure_redocly
  mkdir -p "$dir" "$NGINX_DIR"
  for module in "${SERVICE_MODULES[@]}"; do
    curl -fsS --max-time 10 "http://$LOCALHOST:$(service_port "$module")/q/openapi?format=json" -o "$dir/$module.json" \
      || fail_component "$module" "its OpenAPI document (/q/openapi) could not be read"
    documents+=("$dir/$module.json")
  done
  (
    cd "$dir"
    "$REDOCLY" join "${documents[@]}" -o joined.json \
      && "$REDOCLY" bundle joined.json --config "$LOCAL_DIR/openapi/redocly.yaml" -o bundled.json
  ) >"$log" 2>&1 || fail_component gateway "the services' OpenAPI documents could not be joined" "$log"
  # A path left with no operation (the internal ones) is not published either.
  jq '.paths |= with_entries(select(.value | to_entries | any(.key | IN("get", "put", "post", "delete", "patch"))))' \
    "$dir/bundled.json" >"$NGINX_DIR/openapi.json.new" && mv "$NGINX_DIR/openapi.json.new" "$NGINX_DIR/openapi.json"
}

# reload_gateway <master pid>: nginx starts workers with the new configuration and lets the old ones finish
# the requests they hold; returns once every old worker has exited, so that nothing the old configuration
# routed is still under way (roll.sh stops an instance only then).
reload_gateway() {
  local master=$1 old deadline=$((SECONDS + 40))
  old=$(pgrep -P "$master" | paste -sd' ' -)
  nginx_ctl -s reload
  for pid in $old; do
    while pid_alive "$pid"; do
      ((SECONDS < deadline)) || { warn "an old nginx worker (pid $pid) still runs 40 s after the reload"; return 0; }
      sleep 0.1
    done
  done
}

check_nginx_conf() {
  nginx_ctl -t -q 2>"$NGINX_DIR/logs/config-test.log" \
    || fail_component gateway "the rendered $NGINX_CONF is invalid" "$NGINX_DIR/logs/config-test.log"
}

stop_gateway() {
  local pid
  pid=$(running_pid nginx "$NGINX_DIR") || return 0
  info "stopping the nginx gateway (pid $pid)"
  nginx_ctl -s stop 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  wait_pid_gone "$pid" 15 || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$(pid_file nginx)"
}

# =============================================================================================
# All of it. The JVMs start together and are awaited afterwards: Keycloak's ~10 s then
# overlaps Kafka's and GreenMail's starts instead of adding to them.
# =============================================================================================
infra_up() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$PID_DIR"
  ensure_packages
  ensure_artifacts
  ensure_postgres
  ensure_redis
  ensure_redis_users
  start_keycloak
  start_kafka
  start_greenmail
  start_gateway
  await_kafka
  await_greenmail
  await_keycloak
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  take_run_lock
  infra_up
  print_components
fi
