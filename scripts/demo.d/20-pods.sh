# SPDX-License-Identifier: Apache-2.0
# Two pods on the node, attached the way kubelet does it: a real CNI client (cnitool)
# runs knetctl-cni with the field's conflist (macvlan on em2, bridge mode, host-local
# IPAM with the default route and the service route via the node's IP).
step "pods: two containers get macvlan interfaces from knetctl-cni (through cnitool)"
DEMO_CNI_CONF=${DEMO_CNI_CONF:-$DEMO_ROOT/etc/cni/net.d/10-macvlan.conflist}
mkdir -p "$(dirname "$DEMO_CNI_CONF")" "$DEMO_ROOT/var/lib/cni/networks"
cat >"$DEMO_CNI_CONF" <<EOT
{
  "cniVersion": "1.0.0",
  "name": "macvlan-net",
  "plugins": [
    {
      "type": "knetctl-cni",
      "master": "em2",
      "mode": "bridge",
      "ipam": {
        "type": "host-local",
        "subnet": "172.20.7.0/24",
        "rangeStart": "172.20.7.150",
        "rangeEnd": "172.20.7.199",
        "gateway": "172.20.7.254",
        "dataDir": "$DEMO_ROOT/var/lib/cni/networks",
        "routes": [
          { "dst": "0.0.0.0/0" },
          { "dst": "10.32.0.0/24", "gw": "172.20.7.100" }
        ]
      }
    }
  ]
}
EOT
say "conflist: $DEMO_CNI_CONF"
PODS_CNITOOL=$KNETCTL_SRC/build/tools/cnitool
PODS_CNI_PATH=$(dirname "$KNETCTL_BIN"):/usr/lib/cni
pods_cnitool() {
  in_node env NETCONFPATH="$(dirname "$DEMO_CNI_CONF")" CNI_PATH="$PODS_CNI_PATH" CNI_IFNAME=eth0 "$PODS_CNITOOL" "$@"
}
DEMO_POD1_NS=$(sandbox_container pod1)
DEMO_POD2_NS=$(sandbox_container pod2)
printf '    $ cnitool add macvlan-net %s\n' "$DEMO_POD1_NS"
pods_out=$(pods_cnitool add macvlan-net "$DEMO_POD1_NS")
DEMO_POD1_IP=$(jq -r '.ips[0].address' <<<"$pods_out" | cut -d/ -f1)
say "pod1 result: $(jq -c '{interfaces, ips, routes}' <<<"$pods_out")"
printf '    $ cnitool add macvlan-net %s\n' "$DEMO_POD2_NS"
pods_out=$(pods_cnitool add macvlan-net "$DEMO_POD2_NS")
DEMO_POD2_IP=$(jq -r '.ips[0].address' <<<"$pods_out" | cut -d/ -f1)
say "pod1 $DEMO_POD1_IP, pod2 $DEMO_POD2_IP; leases: $(ls "$DEMO_ROOT/var/lib/cni/networks/macvlan-net" | grep -v -e lock -e last_ | tr '\n' ' ')"
export DEMO_POD1_NS DEMO_POD2_NS DEMO_POD1_IP DEMO_POD2_IP DEMO_CNI_CONF
run ip netns exec "$(basename "$DEMO_POD1_NS")" ip route
run ip netns exec "$(basename "$DEMO_POD1_NS")" ping -c 2 -W 2 "$SB_GW"
run ip netns exec "$(basename "$DEMO_POD1_NS")" ping -c 2 -W 2 "$DEMO_POD2_IP"
run pods_cnitool check macvlan-net "$DEMO_POD1_NS"
say "pods reach the lan gateway and each other; the node itself cannot reach them yet (next step)"
