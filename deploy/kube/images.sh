#!/usr/bin/env bash
# Builds the four services' images without a Docker daemon, as tagged images in a local registry
# (127.0.0.1:5000, Debian's docker-registry) that podman pulls from:
#   1. a base image made from Debian packages (mmdebstrap: bookworm + openjdk-17-jre-headless), once;
#   2. each service's image by Quarkus's Jib extension on that base (fast-jar layers, user 185,
#      tag = the Maven version), pushed to the registry.
# In a real CI the same build pushes to a real registry: -Dquarkus.container-image.registry=...
#
#   deploy/kube/images.sh    the base image when the registry lacks it, then the four service images
set -euo pipefail

KUBE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../local/infra.sh
source "$KUBE_DIR/../local/infra.sh"

KUBE_RUN=$RUN_DIR/kube
REGISTRY=127.0.0.1:5000
BASE_IMAGE=$REGISTRY/authcloud/base-jre17:bookworm
export CONTAINERS_CONF=$KUBE_DIR/containers.conf
SERVICES=(backup-service recovery-service verification-service notification-service)

declare -A KUBE_PACKAGES=(
  [podman]=/usr/bin/podman
  [runc]=/usr/sbin/runc
  [mmdebstrap]=/usr/bin/mmdebstrap
  [docker-registry]=/usr/bin/docker-registry
  [python3-yaml]=/usr/lib/python3/dist-packages/yaml/__init__.py
  # podman builds its pods' pause image around catatonit
  [catatonit]=/usr/bin/catatonit
)

ensure_kube_packages() {
  local missing
  mapfile -t missing < <(missing_packages KUBE_PACKAGES)
  install_packages "$LOG_DIR/apt-kube.log" "${missing[@]}"
}

# The local registry: Debian's docker-registry on 127.0.0.1:5000. Its storage is in the cache outside
# the checkout, so a clean clone (as CI makes) finds the base image already made.
ensure_registry() {
  url_ok "http://$REGISTRY/v2/" && return 0
  mkdir -p "$CACHE_DIR/image-registry" "$KUBE_RUN"
  cat >"$KUBE_RUN/registry.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $CACHE_DIR/image-registry
http:
  addr: $REGISTRY
log:
  level: warn
YAML
  info "starting the local image registry on $REGISTRY"
  local pid
  pid=$(start_bg registry "$LOG_DIR/registry.log" /usr/bin/docker-registry serve "$KUBE_RUN/registry.yml")
  wait_for registry 30 "http://$REGISTRY/v2/" "$LOG_DIR/registry.log" "$pid"
}

# The base image, from Debian's packages: no image is pulled from anywhere.
ensure_base_image() {
  if podman pull -q --tls-verify=false "$BASE_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  info "building the base image $BASE_IMAGE (mmdebstrap bookworm + openjdk-17-jre-headless, about a minute)"
  local rootfs=$KUBE_RUN/base-rootfs.tar
  mkdir -p "$KUBE_RUN"
  mmdebstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,tzdata \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    bookworm "$rootfs" >"$LOG_DIR/base-image.log" 2>&1 \
    || fail_component "base image" "mmdebstrap failed" "$LOG_DIR/base-image.log"
  podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'USER 185' \
    "$rootfs" "$BASE_IMAGE" >>"$LOG_DIR/base-image.log" 2>&1
  podman push -q --tls-verify=false "$BASE_IMAGE" >>"$LOG_DIR/base-image.log" 2>&1
  rm -f "$rootfs"
}

# Each service's image, pushed to the registry by Quarkus's Jib extension (one Maven run).
build_service_images() {
  local version
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$REPO_ROOT/pom.xml" | head -1)
  info "building the images of ${SERVICES[*]} ($version) with Jib"
  (cd "$REPO_ROOT" && flock "${AUTHCLOUD_MAVEN_LOCK:-/tmp/authcloud-maven.lock}" ./mvnw -B -q package -DskipTests \
    -pl "$(IFS=,; echo "${SERVICES[*]}")" -am \
    -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
    -Dquarkus.container-image.registry="$REGISTRY" -Dquarkus.container-image.insecure=true \
    -Dquarkus.jib.base-jvm-image="$BASE_IMAGE") >"$LOG_DIR/images.log" 2>&1 \
    || fail_component images "the image build failed" "$LOG_DIR/images.log"
  for module in "${SERVICES[@]}"; do
    podman pull -q --tls-verify=false "$REGISTRY/authcloud/$module:$version" >/dev/null \
      || fail_component images "$REGISTRY/authcloud/$module:$version is not in the registry" "$LOG_DIR/images.log"
  done
  echo "$version"
}

images_main() {
  ensure_kube_packages
  ensure_registry
  ensure_base_image
  build_service_images
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  images_main "$@"
fi
