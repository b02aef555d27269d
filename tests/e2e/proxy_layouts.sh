#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl proxy check over the real node layouts in testdata/kube, run on the sandbox
# node (--netns) so the CNI route's gw is checked against the node's own addresses.
source "$(dirname "$0")/../lib/assert.sh"

TD=$KNETCTL_SRC/testdata/kube
sandbox_create || exit 1
trap sandbox_destroy EXIT

check() { assert_status "$1" "$KNETCTL_BIN" proxy check --root "$TD/$2" --netns "$SB_NODE_NS" "${@:3}"; }

test_kubeadm_match() {
  check 0 kubeadm
  assert_contains "$OUT" "kube-proxy cluster CIDR: 10.32.0.0/24 (clusterCIDR, /var/lib/kube-proxy/config.conf:10)"
  assert_contains "$OUT" "apiserver service range: 10.32.0.0/24"
  assert_contains "$OUT" "route 10.32.0.0/24 via 172.20.7.100 (an address of this node)"
  assert_contains "$OUT" "verdict: match"
  check 0 kubeadm -o json
  assert_eq match "$(json_get "$OUT" .verdict)" verdict
  assert_eq 10.32.0.0/24 "$(json_get "$OUT" .kube_proxy.cluster_cidr)" cluster_cidr
  assert_eq false "$(json_get "$OUT" .kube_proxy.masquerade_all)" masquerade_all
  assert_eq /var/lib/kube-proxy/config.conf "$(json_get "$OUT" '.kube_proxy.sources[] | select(.setting=="clusterCIDR") | .file')"
  assert_eq 10 "$(json_get "$OUT" '.kube_proxy.sources[] | select(.setting=="clusterCIDR") | .line')"
  assert_eq /var/lib/kube-proxy/config.conf "$(json_get "$OUT" '.kube_proxy.sources[] | select(.setting=="--config") | .value')"
  assert_eq 10.32.0.0/24 "$(json_get "$OUT" .apiserver.service_cidr)" service_cidr
  assert_eq /etc/cni/net.d/10-macvlan.conflist "$(json_get "$OUT" .cni.file)"
  assert_eq 10.32.0.0/24 "$(json_get "$OUT" .cni.service_route)"
  assert_eq 172.20.7.100 "$(json_get "$OUT" .cni.gw)"
  assert_eq true "$(json_get "$OUT" .cni.gw_is_local)"
  assert_eq 0 "$(json_get "$OUT" '.problems | length')"
  # kube-controller-manager's --cluster-cidr (manifest and process) is never a source
  assert_not_contains "$OUT" "10.244.0.0/16"
}

test_kubeadm_mismatch() {
  check 1 kubeadm-mismatch
  assert_contains "$OUT" "verdict: MISMATCH"
  assert_contains "$OUT" "pod->Service traffic to 10.32.0.0/24 from pods with addresses inside 10.244.0.0/16 is not masqueraded"
  assert_contains "$OUT" "fix: set clusterCIDR: \"10.32.0.0/24\" in /var/lib/kube-proxy/config.conf at line 10"
  assert_contains "$OUT" "kubectl -n kube-system edit configmap kube-proxy"
  check 1 kubeadm-mismatch -o json
  assert_eq mismatch "$(json_get "$OUT" .verdict)"
  assert_eq 1 "$(json_get "$OUT" '.problems | length')"
}

test_rpm_systemd_match() {
  check 0 rpm -o json
  assert_eq match "$(json_get "$OUT" .verdict)"
  assert_eq /etc/kubernetes/proxy "$(json_get "$OUT" '.kube_proxy.sources[0].file')"
  assert_eq 7 "$(json_get "$OUT" '.kube_proxy.sources[0].line')"
  assert_eq --cluster-cidr "$(json_get "$OUT" '.kube_proxy.sources[0].setting')"
  assert_eq /etc/kubernetes/apiserver:20 "$(json_get "$OUT" .apiserver.source)"
  assert_eq 10.254.0.0/16 "$(json_get "$OUT" .cni.service_route)"
  assert_eq true "$(json_get "$OUT" .cni.gw_is_local)"
}

test_rpm_missing_cidr() {
  check 1 rpm-missing-cidr
  assert_contains "$OUT" "verdict: MISSING"
  assert_contains "$OUT" "kube-proxy has no cluster CIDR, so it masquerades no pod->Service traffic"
  assert_contains "$OUT" "fix: add --cluster-cidr=10.254.0.0/16 to KUBE_PROXY_ARGS in /etc/kubernetes/proxy"
  check 1 rpm-missing-cidr -o json
  assert_eq missing "$(json_get "$OUT" .verdict)"
  assert_eq null "$(json_get "$OUT" .kube_proxy.cluster_cidr)"
}

test_systemd_dropin() {
  check 0 systemd-dropin -o json
  assert_eq match "$(json_get "$OUT" .verdict)"
  assert_eq /etc/systemd/system/kube-proxy.service.d/10-cluster-cidr.conf "$(json_get "$OUT" '.kube_proxy.sources[0].file')"
  assert_eq 9 "$(json_get "$OUT" '.kube_proxy.sources[0].line')"
  assert_eq /proc/3100/cmdline "$(json_get "$OUT" .apiserver.source)"
  assert_eq null "$(json_get "$OUT" .cni)"
  assert_contains "$(json_get "$OUT" '.notes | join(" ")')" "no CNI config in /etc/cni/net.d"
}

test_dualstack_either_order() {
  # kube-proxy lists IPv6 first, the apiserver IPv4 first: still a match. The IPv6
  # route's gw becomes local only once the node has that address.
  check 1 dualstack -o json
  assert_eq match "$(json_get "$OUT" .verdict)"
  assert_eq false "$(json_get "$OUT" '.cni.routes[] | select(.service_range=="fd00:10:96::/112") | .gw_is_local')"
  assert_contains "$(json_get "$OUT" '.problems[0]')" "fd00:172:20:7::100"
  sb_node ip -6 addr add fd00:172:20:7::100/64 dev em2 nodad
  check 0 dualstack -o json
  assert_eq true "$(json_get "$OUT" '.cni.routes[] | select(.service_range=="fd00:10:96::/112") | .gw_is_local')"
  assert_eq true "$(json_get "$OUT" '.cni.routes[] | select(.service_range=="10.32.0.0/24") | .gw_is_local')"
  sb_node ip -6 addr del fd00:172:20:7::100/64 dev em2
}

test_masquerade_all() {
  check 0 masquerade-all
  assert_contains "$OUT" "verdict: ok: kube-proxy masquerades all Service traffic"
  assert_contains "$OUT" "note: iptables.masqueradeAll is true (/var/lib/kube-proxy/config.conf:7)"
  check 0 masquerade-all -o json
  assert_eq masquerade_all "$(json_get "$OUT" .verdict)"
  assert_eq true "$(json_get "$OUT" .kube_proxy.masquerade_all)"
}

test_host_bits_flagged() {
  check 0 host-bits
  assert_contains "$ERR" "warning: kube-proxy's clusterCIDR 10.32.0.5/24 (/var/lib/kube-proxy/config.conf:5) has host bits set; compared as 10.32.0.0/24"
  check 0 host-bits -o json
  assert_contains "$(json_get "$OUT" '.warnings[0]')" "host bits"
}

test_controller_manager_cidr_ignored() {
  check 1 controller-manager-only -o json
  assert_eq missing "$(json_get "$OUT" .verdict)"
  assert_eq null "$(json_get "$OUT" .kube_proxy.cluster_cidr)"
  assert_contains "$(json_get "$OUT" .fix)" "add --cluster-cidr=10.32.0.0/24 to kube-proxy's command line (process 907)"
}

test_cni_route_problems() {
  check 1 cni-bad-route -o json
  assert_eq match "$(json_get "$OUT" .verdict)"
  assert_eq 10.32.0.0/16 "$(json_get "$OUT" .cni.service_route)"
  assert_eq 172.20.7.254 "$(json_get "$OUT" .cni.gw)"
  assert_eq false "$(json_get "$OUT" .cni.gw_is_local)"
  assert_contains "$(json_get "$OUT" '.problems[0]')" "does not equal the service range 10.32.0.0/24"
  assert_contains "$(json_get "$OUT" '.problems[1]')" "is not an address of this node (it has: 172.20.7.100 (em2))"
}

test_cni_first_valid_config() {
  check 0 bad-cni -o json
  assert_eq /etc/cni/net.d/10-macvlan.conflist "$(json_get "$OUT" .cni.file)"
  assert_contains "$(json_get "$OUT" '.notes | join(" ")')" "skipped /etc/cni/net.d/00-broken.conflist"
}

test_explicit_inputs_override_discovery() {
  local empty; empty=$(mktemp -d)
  assert_status 0 "$KNETCTL_BIN" proxy check --root "$empty" --netns "$SB_NODE_NS" \
    --cluster-cidr 10.32.0.0/24 --service-cidr 10.32.0.0/24 -o json
  assert_eq match "$(json_get "$OUT" .verdict)"
  rm -rf "$empty"
  # the kubeadm tree matches, but an explicit config file and service range win
  check 1 kubeadm --kube-proxy-config /var/lib/kube-proxy/config.conf --service-cidr 10.96.0.0/12 -o json
  assert_eq mismatch "$(json_get "$OUT" .verdict)"
  assert_eq 10.96.0.0/12 "$(json_get "$OUT" .apiserver.service_cidr)"
  check 0 kubeadm --apiserver-manifest /etc/kubernetes/manifests/kube-apiserver.yaml --cni-config /etc/cni/net.d/10-macvlan.conflist
  assert_contains "$OUT" "(--service-cluster-ip-range, /etc/kubernetes/manifests/kube-apiserver.yaml:33)"
  # global options before the subcommand mean the same
  assert_status 1 "$KNETCTL_BIN" -o json --root "$TD/kubeadm-mismatch" proxy check --netns "$SB_NODE_NS"
  assert_eq mismatch "$(json_get "$OUT" .verdict)"
}

run_tests
