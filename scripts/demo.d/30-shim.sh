# SPDX-License-Identifier: Apache-2.0
# Host <-> pod: the kernel never passes traffic between a macvlan pod and its parent
# em2, so the node cannot reach its own pods until its IP lives on a macvlan "shim".
# knetctl shim up moves it there without a gap (a lan ping runs throughout) and
# persists it as CentOS ifcfg files.
step "host <-> pod: a macvlan pod cannot reach its own node"

# The node's ifcfg as 05-node.sh writes it; written here when this step runs on its own.
SHIM_NS_DIR=$DEMO_ROOT/etc/sysconfig/network-scripts
if [ ! -f "$SHIM_NS_DIR/ifcfg-em2" ]; then
  mkdir -p "$SHIM_NS_DIR"
  printf 'TYPE=Ethernet\nBOOTPROTO=none\nNAME=em2\nDEVICE=em2\nONBOOT=yes\nIPADDR=%s\nPREFIX=%s\nGATEWAY=%s\n' \
    "$SB_NODE_IP" "$SB_PLEN" "$SB_GW" >"$SHIM_NS_DIR/ifcfg-em2"
fi

# shim_demo_pod: the pod of the CNI step when there is one, else a macvlan pod made with
# ip(8) the way the macvlan plugin makes them. Sets SHIM_POD_NS and SHIM_POD_IP.
shim_demo_pod() {
  SHIM_POD_NS="" SHIM_POD_IP=""
  if [ -n "${DEMO_POD1_NS:-}" ] && [ -e "$DEMO_POD1_NS" ]; then
    SHIM_POD_NS=$(basename "$DEMO_POD1_NS")
    SHIM_POD_IP=$(ip -n "$SHIM_POD_NS" -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1)
  fi
  if [ -z "$SHIM_POD_IP" ]; then
    SHIM_POD_NS=$SB_PREFIX-c-shimpod
    SHIM_POD_IP=172.20.7.30
    if [ ! -e "/run/netns/$SHIM_POD_NS" ]; then
      sandbox_container shimpod >/dev/null
      in_node ip link add shimpod0 link em2 type macvlan mode bridge
      in_node ip link set shimpod0 netns "$SHIM_POD_NS"
      ip -n "$SHIM_POD_NS" link set shimpod0 name eth0
      ip -n "$SHIM_POD_NS" addr add "$SHIM_POD_IP/$SB_PLEN" dev eth0
      ip -n "$SHIM_POD_NS" link set eth0 up
      ip -n "$SHIM_POD_NS" route add default via "$SB_GW"
      say "pod $SHIM_POD_NS: eth0 $SHIM_POD_IP/$SB_PLEN, a bridge-mode macvlan child of em2 (made with ip)"
    fi
  fi
  export SHIM_POD_NS SHIM_POD_IP
}
# shim_reach FROM-NS TO-IP: "reachable" or "UNREACHABLE" (one ping, 1 s).
shim_reach() { if ip netns exec "$1" ping -n -c 1 -W 1 "$2" >/dev/null 2>&1; then echo reachable; else echo UNREACHABLE; fi; }
export -f shim_demo_pod shim_reach

shim_demo_pod
say "pod -> node $SB_NODE_IP: $(shim_reach "$SHIM_POD_NS" "$SB_NODE_IP")"
say "node -> pod $SHIM_POD_IP: $(shim_reach "$SB_NODE" "$SHIM_POD_IP")"
say "lan -> node $SB_NODE_IP: $(shim_reach "$SB_LAN" "$SB_NODE_IP")"

step "knetctl shim up: the node's IP moves from em2 to the shim em2-shim, with a ping running"
SHIM_PING_LOG=$(mktemp)
ip netns exec "$SB_LAN" ping -n -i 0.01 -c 300 -W 1 "$SB_NODE_IP" >"$SHIM_PING_LOG" 2>&1 &
SHIM_PING_PID=$!
sleep 0.5
run knetctl shim up --master em2 --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --persist ifcfg
wait "$SHIM_PING_PID" || true
say "lan -> node ping every 10 ms during the move: $(grep 'packets transmitted' "$SHIM_PING_LOG")"
rm -f "$SHIM_PING_LOG"
run in_node ip -br addr show
run in_node ip route show
say "pod -> node $SB_NODE_IP: $(shim_reach "$SHIM_POD_NS" "$SB_NODE_IP")"
say "node -> pod $SHIM_POD_IP: $(shim_reach "$SB_NODE" "$SHIM_POD_IP")"
say "lan -> node $SB_NODE_IP: $(shim_reach "$SB_LAN" "$SB_NODE_IP")"
[ "$(shim_reach "$SHIM_POD_NS" "$SB_NODE_IP")" = reachable ] || { say "the pod still cannot reach the node"; false; }
say "persisted for the network service (ifup runs ifup-macvlan for DEVICETYPE=macvlan):"
run cat "$SHIM_NS_DIR/ifcfg-em2-shim"
run knetctl shim status --master em2 --netns "$SB_NODE_NS" --root "$DEMO_ROOT"
say "a second run changes nothing:"
run knetctl shim up --master em2 --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --persist ifcfg
