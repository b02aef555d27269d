# SPDX-License-Identifier: Apache-2.0
# The node as the field finds it: CentOS 7 network-scripts, iptables-services with the
# default REJECT rules, a kubeadm control plane whose kube-proxy clusterCIDR is the pod
# range (10.244.0.0/16) instead of the service range, and the macvlan CNI config.
step "the node as installed: CentOS 7 files under $DEMO_ROOT, default firewall loaded"
cp -a "$KNETCTL_SRC/testdata/kube/kubeadm-mismatch/." "$DEMO_ROOT/"
mkdir -p "$DEMO_ROOT/etc/sysconfig/network-scripts" "$DEMO_ROOT/var/lib/cni/networks"
cp "$KNETCTL_SRC/testdata/iptables/centos7-iptables" "$DEMO_ROOT/etc/sysconfig/iptables"
cp "$KNETCTL_SRC/testdata/iptables/centos7-ip6tables" "$DEMO_ROOT/etc/sysconfig/ip6tables"
cat >"$DEMO_ROOT/etc/sysconfig/network-scripts/ifcfg-em2" <<EOT
TYPE=Ethernet
BOOTPROTO=none
NAME=em2
DEVICE=em2
ONBOOT=yes
IPADDR=$SB_NODE_IP
PREFIX=$SB_PLEN
GATEWAY=$SB_GW
EOT
in_node iptables-legacy-restore <"$DEMO_ROOT/etc/sysconfig/iptables"
in_node ip6tables-legacy-restore <"$DEMO_ROOT/etc/sysconfig/ip6tables"
DEMO_CNI_CONF=$DEMO_ROOT/etc/cni/net.d/10-macvlan.conflist
export DEMO_CNI_CONF
say "ifcfg-em2: $SB_NODE_IP/$SB_PLEN via $SB_GW; /etc/sysconfig/iptables: CentOS default"
say "kube-proxy clusterCIDR: $(grep '^clusterCIDR' "$DEMO_ROOT/var/lib/kube-proxy/config.conf")"
