#!/usr/bin/env bash
# Stops what up.sh started and removes it: the containers and networks, the API service, the runtime's
# processes, mounts, network namespaces and cgroups, the firewall chains netavark added (and the tables, when it
# created them), and IPv4 forwarding as it was. The built images stay for the next run unless --purge is given.
# Then it checks: any podman, conmon or container process, mount, namespace, bridge or firewall chain of the
# engine still there fails it, named.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
purge=0
[ "${1:-}" = --purge ] && purge=1
[ -d "$CTR/conf" ] || { echo "containers: nothing to stop under $CTR"; exit 0; }

if command -v podman >/dev/null; then
  podman rm -af -t 2 >/dev/null 2>&1
  podman network prune -f >/dev/null 2>&1
fi
if [ -f "$CTR/state/service.pid" ]; then
  pid=$(cat "$CTR/state/service.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$CTR/state/service.pid"
fi
rm -f "$CTR/podman.sock"

# Processes of the engine that outlive it: an exec through the API leaves its conmon for up to 300 s
# (--exit-delay), and a container whose conmon was killed may linger. Only those naming our state directory.
ours() {
  local p
  for p in $(pgrep -f -- "$CTR/" 2>/dev/null); do
    [ "$p" = $$ ] || [ "$p" = "$PPID" ] && continue
    grep -qa -- "$CTR/" "/proc/$p/cmdline" 2>/dev/null && echo "$p"
  done
}
pids=$(ours)
[ -n "$pids" ] && kill $pids 2>/dev/null && sleep 1
pids=$(ours)
[ -n "$pids" ] && kill -9 $pids 2>/dev/null

if [ "$purge" = 1 ] && command -v podman >/dev/null; then
  podman system reset -f >/dev/null 2>&1
fi
# Mounts under the state directory (the overlay store, containers' shm) and the network namespaces podman made.
mount | awk '{print $3}' | grep -E "^$CTR/|^/run/netns/netns-" | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
rm -f /run/netns/netns-* 2>/dev/null
# (a container's processes that survived its conmon are killed through their cgroup first)
cat /sys/fs/cgroup/*/libpod_parent/*/cgroup.procs /sys/fs/cgroup/unified/libpod_parent/*/cgroup.procs 2>/dev/null \
  | sort -u | xargs -r kill -9 2>/dev/null
sleep 0.2
for d in /sys/fs/cgroup/*/libpod_parent /sys/fs/cgroup/unified/libpod_parent; do
  [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
done
ip link show podman0 >/dev/null 2>&1 && ip link del podman0

# The firewall: netavark's chains and the rules that jump to them; a table it created is removed whole.
if command -v iptables >/dev/null; then
  for table in nat filter; do
    iptables -t "$table" -S 2>/dev/null | grep -E '^-A .*NETAVARK' | sed 's/^-A/-D/' | while read -r rule; do
      eval iptables -t "$table" "$rule" 2>/dev/null
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '/^-N NETAVARK/ {print $2}'); do
      iptables -t "$table" -F "$chain" 2>/dev/null
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '/^-N NETAVARK/ {print $2}'); do
      iptables -t "$table" -X "$chain" 2>/dev/null
    done
    if [ -f "$CTR/state/iptables-tables" ] && ! grep -qx "$table" "$CTR/state/iptables-tables" \
      && command -v nft >/dev/null && [ -z "$(iptables -t "$table" -S | grep -v '^-P')" ]; then
      nft delete table ip "$table" 2>/dev/null
    fi
  done
fi
if [ -f "$CTR/state/ip_forward" ]; then
  sysctl -qw "net.ipv4.ip_forward=$(cat "$CTR/state/ip_forward")"
  rm -f "$CTR/state/ip_forward" "$CTR/state/iptables-tables"
fi
rm -rf "$CTR/run" "$CTR/tmp" "$CTR/networks" /run/containers/networks 2>/dev/null
[ "$purge" = 1 ] && rm -rf "$CTR"

# What must be gone.
left=()
p=$(ours)
[ -n "$p" ] && left+=("processes: $(ps -o pid=,comm= -p $(echo $p | tr ' ' ,) | paste -sd ';')")
p=$(cat /sys/fs/cgroup/*/libpod_parent/*/cgroup.procs /sys/fs/cgroup/unified/libpod_parent/*/cgroup.procs 2>/dev/null | sort -u | paste -sd ' ')
[ -n "$p" ] && left+=("container processes: $p")
m=$(mount | awk '{print $3}' | grep -E "^$CTR/|^/run/netns/netns-" | paste -sd ' ')
[ -n "$m" ] && left+=("mounts: $m")
ip link show podman0 >/dev/null 2>&1 && left+=("network: the podman0 bridge")
if command -v iptables >/dev/null; then
  c=$( (iptables -t nat -S; iptables -t filter -S) 2>/dev/null | grep -c NETAVARK)
  [ "$c" != 0 ] && left+=("firewall: $c NETAVARK rules or chains")
fi
if [ ${#left[@]} -gt 0 ]; then
  printf 'containers: left behind: %s\n' "${left[@]}" >&2
  exit 1
fi
echo "containers: stopped; no process, mount, network or firewall rule of the engine is left$([ "$purge" = 1 ] && echo ', images removed')"
