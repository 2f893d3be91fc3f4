# Shared by up.sh and down.sh: where the engine keeps its state, how podman is pointed at it, and the images.
CTR=${VOICELOAD_CONTAINERS:-${HOME:-/root}/.cache/voiceload/containers}
export VOICELOAD_CONTAINERS=$CTR
export CONTAINERS_CONF=$CTR/conf/containers.conf \
  CONTAINERS_STORAGE_CONF=$CTR/conf/storage.conf \
  CONTAINERS_REGISTRIES_CONF=$CTR/conf/registries.conf \
  TMPDIR=$CTR/tmp
BASE_IMAGE=localhost/voiceload/debian:bookworm
# The names the project's defaults (infrastructure.*.image) and Testcontainers 2.0.5 ask for, as podman's
# Docker API spells them after normalising short names (redis:7 is docker.io/library/redis:7).
POSTGRES_IMAGES=(docker.io/library/postgres:18)
REDIS_IMAGES=(docker.io/library/redis:7)
SSHD_IMAGES=(docker.io/testcontainers/sshd:1.3.0)
TOXIPROXY_IMAGES=(ghcr.io/shopify/toxiproxy:2.12.0)
