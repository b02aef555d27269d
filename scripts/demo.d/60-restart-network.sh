# SPDX-License-Identifier: Apache-2.0
# `systemctl restart network` (or a reboot), simulated on the sandbox node: everything
# the shim needs comes back from the ifcfg files through the packaged ifup-macvlan.
step "systemctl restart network, simulated: 'network stop' takes every interface down"
SHIM_NS_DIR=$DEMO_ROOT/etc/sysconfig/network-scripts
# Runs on its own too: make the pod and persist the shim when 30-shim.sh has not.
declare -F shim_demo_pod >/dev/null || source "$KNETCTL_SRC/scripts/demo.d/30-shim.sh"
[ -n "${SHIM_POD_NS:-}" ] && [ -e "/run/netns/$SHIM_POD_NS" ] || shim_demo_pod
[ -f "$SHIM_NS_DIR/ifcfg-em2-shim" ] ||
  knetctl shim up --master em2 --netns "$SB_NODE_NS" --root "$DEMO_ROOT" --persist ifcfg >/dev/null

# network stop: ifdown for each interface, in reverse bring-up order.
run in_node env KNETCTL_NETWORK_SCRIPTS_DIR="$SHIM_NS_DIR" "$SHIM_NS_DIR/ifdown-macvlan" ifcfg-em2-shim
in_node ip addr flush dev em2
in_node ip link set em2 down
run in_node ip -br addr show
say "lan -> node $SB_NODE_IP: $(shim_reach "$SB_LAN" "$SB_NODE_IP")"

step "'network start': ifcfg-* in the network service's order; DEVICETYPE=macvlan -> ifup-macvlan"
# The init script's own ordering: a blank before the first digit, sort -k1,1 -k2n.
SHIM_ORDER=$(cd "$SHIM_NS_DIR" && ls ifcfg-* | LC_ALL=C sed -e '/\(~\|\.bak\|\.orig\|\.rpmnew\|\.rpmorig\|\.rpmsave\)$/d' \
  -e '/\(ifcfg-lo$\|:\|ifcfg-.*-range\)/d' -e '{ s/^ifcfg-//g;s/[0-9]/ &/}' | LC_ALL=C sort -k 1,1 -k 2n | LC_ALL=C sed 's/ //')
say "bring-up order: $(echo $SHIM_ORDER)"
for i in $SHIM_ORDER; do
  if grep -qx 'DEVICETYPE=macvlan' "$SHIM_NS_DIR/ifcfg-$i"; then
    run in_node env KNETCTL_NETWORK_SCRIPTS_DIR="$SHIM_NS_DIR" bash -c "cd '$SHIM_NS_DIR' && ./ifup-macvlan ifcfg-$i boot"
  else
    # ifup-eth for a plain interface whose ifcfg no longer assigns addresses: link up.
    say "ifup $i (ifup-eth): link up, no address (it moved to the shim)"
    in_node ip link set "$i" up
  fi
done
run in_node ip -br addr show
run in_node ip route show
say "pod -> node $SB_NODE_IP: $(shim_reach "$SHIM_POD_NS" "$SB_NODE_IP")"
say "node -> pod $SHIM_POD_IP: $(shim_reach "$SB_NODE" "$SHIM_POD_IP")"
say "lan -> node $SB_NODE_IP: $(shim_reach "$SB_LAN" "$SB_NODE_IP")"
[ "$(shim_reach "$SHIM_POD_NS" "$SB_NODE_IP")" = reachable ] || { say "the shim did not come back"; false; }
run knetctl shim status --master em2 --netns "$SB_NODE_NS" --root "$DEMO_ROOT"
