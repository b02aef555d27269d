# SPDX-License-Identifier: Apache-2.0
# The REJECT rule: a pod's TCP connect to a Service address routed via the node gets
# "No route to host" (CentOS's INPUT ... -j REJECT --reject-with icmp-host-prohibited);
# knetctl fw fix removes it live and in /etc/sysconfig/iptables, and the connect works.
step "pod -> Service via the node: the CentOS REJECT rule answers 'No route to host'"
FW_SVC_IP=10.32.0.1
FW_SVC_NET=10.32.0.0/24

# The node as 05-node.sh leaves it; load it here when this step runs on its own.
[ -f "$DEMO_ROOT/etc/sysconfig/iptables" ] ||
  { mkdir -p "$DEMO_ROOT/etc/sysconfig"; cp "$KNETCTL_SRC/testdata/iptables/centos7-iptables" "$DEMO_ROOT/etc/sysconfig/iptables"; }
in_node iptables-legacy-save | grep -q 'icmp-host-prohibited' ||
  in_node iptables-legacy-restore <"$DEMO_ROOT/etc/sysconfig/iptables"

# A stand-in for kube-proxy's Service: the ClusterIP on the node's lo, a listener on 443.
in_node ip addr add "$FW_SVC_IP/32" dev lo 2>/dev/null || true
in_node timeout 300 python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 443)); s.listen(16)
while True:
    c, _ = s.accept(); c.sendall(b"hello from the service\n"); c.close()
' "$FW_SVC_IP" &
FW_LISTENER_PID=$!
# Stop the listener with the demo, after whatever cleanup earlier steps registered.
if declare -F demo_cleanup_hooks >/dev/null; then
  eval "$(declare -f demo_cleanup_hooks | sed '1s/demo_cleanup_hooks/_fw_prev_cleanup_hooks/')"
else
  _fw_prev_cleanup_hooks() { :; }
fi
demo_cleanup_hooks() { kill "$FW_LISTENER_PID" 2>/dev/null || true; _fw_prev_cleanup_hooks; }

# fw_connect NS: a TCP connect from the pod, as `telnet 10.32.0.1 443` would do.
fw_connect() {
  ip netns exec "$(basename "$1")" timeout 3 bash -c \
    'exec 3<>/dev/tcp/'"$FW_SVC_IP"'/443 && head -1 <&3' 2>&1 | tail -1 | sed 's/^bash: line [0-9]*: //' || true
}

# The pod: the macvlan pod of an earlier step when it can reach the node, else a pod of
# this step on a veth to the node (the route to the service range is what matters).
FW_POD=""
if [ -n "${DEMO_POD1_NS:-}" ] && [ -e "$DEMO_POD1_NS" ]; then
  ip netns exec "$(basename "$DEMO_POD1_NS")" ip route replace "$FW_SVC_NET" via "$SB_NODE_IP" 2>/dev/null &&
    [[ "$(fw_connect "$DEMO_POD1_NS")" == *"No route to host"* ]] && FW_POD=$DEMO_POD1_NS
fi
if [ -z "$FW_POD" ]; then
  FW_POD=$(sandbox_container fwpod)
  in_node ip link add fwpod0 type veth peer name eth0 netns "$(basename "$FW_POD")"
  in_node ip addr add 192.168.77.1/30 dev fwpod0
  in_node ip link set fwpod0 up
  ip netns exec "$(basename "$FW_POD")" ip addr add 192.168.77.2/30 dev eth0
  ip netns exec "$(basename "$FW_POD")" ip link set eth0 up
  ip netns exec "$(basename "$FW_POD")" ip route add "$FW_SVC_NET" via 192.168.77.1
  say "pod: $FW_POD (veth to the node, route $FW_SVC_NET via the node)"
else
  say "pod: $FW_POD (route $FW_SVC_NET via the node $SB_NODE_IP)"
fi
sleep 0.3
say "\$ telnet $FW_SVC_IP 443   # from the pod"
fw_out=$(fw_connect "$FW_POD")
say "  $fw_out"
[[ "$fw_out" == *"No route to host"* ]] || { say "expected 'No route to host' before the fix"; false; }

step "knetctl fw check / fix: remove the REJECT rule live (libiptc, one commit) and persisted"
run knetctl fw check --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --family all || true
run knetctl fw fix --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --family all
say "\$ telnet $FW_SVC_IP 443   # from the pod, again"
fw_out=$(fw_connect "$FW_POD")
say "  $fw_out"
[[ "$fw_out" == *"hello from the service"* ]] || { say "expected the connect to work after the fix"; false; }
run diff "$DEMO_ROOT/etc/sysconfig/iptables.bak" "$DEMO_ROOT/etc/sysconfig/iptables" || true
run knetctl fw fix --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --family all -o json
run knetctl fw check --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --family all
