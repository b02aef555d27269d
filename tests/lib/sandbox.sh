#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The sandbox node: a throwaway LAN and node built from network namespaces.
#
#   lan  (ns $SB_LAN)   lan0 172.20.7.254/24 (the gateway), 198.51.100.1/32 on lo
#                       (an address beyond the gateway, to prove routing)
#    |  veth
#   node (ns $SB_NODE)  em2 172.20.7.100/24, default via 172.20.7.254, ip_forward=1
#   containers          ns $SB_PREFIX-c-<name>, created on demand
#
# Use from bash:   source tests/lib/sandbox.sh; sandbox_create; trap sandbox_destroy EXIT
# Use from C++ or other shells:
#   tests/lib/sandbox.sh create          -> prints shell assignments (SB_ID=... SB_NODE=...)
#   tests/lib/sandbox.sh container ID N  -> creates container namespace, prints its name
#   tests/lib/sandbox.sh destroy ID      -> removes every namespace of that sandbox
#
# Names are unique per run so suites can run in parallel. Nothing outside the
# namespaces it creates is touched: the veth pair is created directly inside them.

SB_GW=172.20.7.254
SB_NODE_IP=172.20.7.100
SB_BEYOND=198.51.100.1
SB_PLEN=24

_sb_die() { echo "sandbox: $*" >&2; return 1; }

sandbox_require() {
  [ "$(id -u)" = 0 ] || { _sb_die "must run as root (network namespaces)"; return 1; }
  command -v ip >/dev/null || { _sb_die "ip (iproute2) is not installed"; return 1; }
}

# sandbox_create [ID]: builds lan + node; sets SB_ID SB_PREFIX SB_LAN SB_NODE SB_NODE_NS.
sandbox_create() {
  sandbox_require || return 1
  SB_ID=${1:-$(printf '%04x%02x' $((RANDOM)) $((RANDOM % 256)))}
  SB_PREFIX=kn$SB_ID
  SB_LAN=$SB_PREFIX-lan
  SB_NODE=$SB_PREFIX-node
  SB_NODE_NS=/run/netns/$SB_NODE
  SB_LAN_NS=/run/netns/$SB_LAN
  export SB_ID SB_PREFIX SB_LAN SB_NODE SB_NODE_NS SB_LAN_NS SB_GW SB_NODE_IP SB_BEYOND SB_PLEN
  ip netns add "$SB_LAN" || return 1
  ip netns add "$SB_NODE" || { sandbox_destroy; return 1; }
  # The veth is created inside the lan namespace, its peer sent straight into the node:
  # the machine's own namespace never sees either end.
  ip -n "$SB_LAN" link add lan0 type veth peer name em2 netns "$SB_NODE" || { sandbox_destroy; return 1; }
  ip -n "$SB_LAN" link set lo up
  ip -n "$SB_LAN" addr add "$SB_GW/$SB_PLEN" dev lan0
  ip -n "$SB_LAN" addr add "$SB_BEYOND/32" dev lo
  ip -n "$SB_LAN" link set lan0 up
  ip netns exec "$SB_LAN" sysctl -qw net.ipv4.ip_forward=1
  ip -n "$SB_NODE" link set lo up
  ip -n "$SB_NODE" addr add "$SB_NODE_IP/$SB_PLEN" dev em2
  ip -n "$SB_NODE" link set em2 up
  ip -n "$SB_NODE" route add default via "$SB_GW" dev em2
  ip netns exec "$SB_NODE" sysctl -qw net.ipv4.ip_forward=1
  # The lan reaches pods and the node directly on its /24.
  return 0
}

# sandbox_container NAME: creates container namespace $SB_PREFIX-c-NAME; prints its path.
sandbox_container() {
  local ns=$SB_PREFIX-c-$1
  ip netns add "$ns" || return 1
  ip -n "$ns" link set lo up
  echo "/run/netns/$ns"
}

# sandbox_destroy [ID]: removes every namespace of the sandbox (idempotent).
sandbox_destroy() {
  local prefix=kn${1:-$SB_ID}
  [ -n "${1:-$SB_ID}" ] || return 0
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$prefix-" || true); do
    ip netns delete "$ns" 2>/dev/null || true
  done
  return 0
}

# Runs a command in the node namespace: sb_node ip addr
sb_node() { ip netns exec "$SB_NODE" "$@"; }
sb_lan() { ip netns exec "$SB_LAN" "$@"; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  case "${1:-}" in
    create)
      sandbox_create "${2:-}" >&2 || exit 1
      printf 'SB_ID=%s\nSB_PREFIX=%s\nSB_LAN=%s\nSB_NODE=%s\nSB_NODE_NS=%s\nSB_LAN_NS=%s\n' \
        "$SB_ID" "$SB_PREFIX" "$SB_LAN" "$SB_NODE" "$SB_NODE_NS" "$SB_LAN_NS"
      ;;
    container)
      SB_ID=$2 SB_PREFIX=kn$2 sandbox_container "$3" ;;
    destroy)
      sandbox_destroy "$2" ;;
    *)
      echo "usage: $0 create [ID] | container ID NAME | destroy ID" >&2
      exit 2 ;;
  esac
fi
