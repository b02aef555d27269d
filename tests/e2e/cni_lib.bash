# SPDX-License-Identifier: Apache-2.0
# Helpers shared by the cni_*.sh suites (sourced; not a suite itself: no test_ functions).
PLUGIN=$(dirname "$KNETCTL_BIN")/knetctl-cni
[ -x "$PLUGIN" ] || { echo "knetctl-cni symlink not found next to $KNETCTL_BIN" >&2; exit 1; }
REF_DIR=/usr/lib/cni
[ -x "$REF_DIR/macvlan" ] && [ -x "$REF_DIR/host-local" ] || { echo "reference plugins missing in $REF_DIR (scripts/deps installs containernetworking-plugins)" >&2; exit 1; }

# cni_setup: sandbox + work dir, torn down when the test's subshell exits.
cni_setup() {
  sandbox_create >/dev/null || { fail "sandbox_create"; exit 1; }
  WORK=$(mktemp -d /tmp/knetctl-cni-e2e.XXXXXX)
  DATA=$WORK/data
  trap 'sandbox_destroy; rm -rf "$WORK"' EXIT
}

# mkconf VERSION [MODE] [IPAM-JSON] [EXTRA-TOP-JSON]: a macvlan config on em2.
mkconf() {
  local version=$1 mode=${2:-bridge}
  local ipam=${3:-'{"type":"host-local","subnet":"172.20.7.0/24","rangeStart":"172.20.7.150","rangeEnd":"172.20.7.199","gateway":"172.20.7.254","routes":[{"dst":"0.0.0.0/0"},{"dst":"10.32.0.0/24","gw":"172.20.7.100"}]}'}
  local extra=${4:-'{}'}
  jq -n --arg v "$version" --arg m "$mode" --arg d "$DATA" --argjson ipam "$ipam" --argjson extra "$extra" \
    '{cniVersion:$v, name:"macvlan-net", type:"knetctl-cni", master:"em2", mode:$m, ipam:($ipam + (if $ipam.type=="host-local" then {dataDir:$d} else {} end))} + $extra'
}

# plugin CMD ID NETNS [IFNAME] < config: runs knetctl-cni on the node; stdout in $OUT, status in $RC.
plugin() {
  OUT=$(CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=${4:-eth0} CNI_PATH=$REF_DIR \
        ip netns exec "$SB_NODE" "$PLUGIN"); RC=$?
}
# refplugin TYPE CMD ID NETNS [IFNAME] < config: the same with a reference plugin.
refplugin() {
  OUT=$(CNI_COMMAND=$2 CNI_CONTAINERID=$3 CNI_NETNS=$4 CNI_IFNAME=${5:-eth0} CNI_PATH=$REF_DIR \
        ip netns exec "$SB_NODE" "$REF_DIR/$1"); RC=$?
}
# leases NETWORK: sorted "ip id" lines of the store.
leases() {
  local f
  for f in "$DATA/${1:-macvlan-net}"/*; do
    case $(basename "$f") in lock|last_reserved_ip.*|'*') continue ;; esac
    printf '%s %s\n' "$(basename "$f")" "$(head -n1 "$f" | tr -d '\r')"
  done | sort
}
lease_count() { leases "$@" | grep -c . || true; }
# links_in NS: link names in a container namespace, except lo.
links_in() { ip -n "$(basename "$1")" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -v '^lo$' || true; }
# keyset JSON: the sorted set of key paths (array indices collapsed), for shape comparison.
keyset() { jq -c '[paths | map(if type=="number" then "[]" else . end) | join(".")] | unique' <<<"$1"; }
