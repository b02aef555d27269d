#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl doctor on the sandbox node: a broken node shows each FAIL with its fix; after
# the fixes every check passes. Doctor itself never changes anything.
source "$(dirname "$0")/../lib/assert.sh"

# A node tree: kubeadm layout with a mismatched kube-proxy clusterCIDR, the CentOS 7
# default iptables file, a lease store with a malformed file and a double lease.
make_root() {
  R=$(mktemp -d /tmp/knetctl-doctor.XXXXXX)
  cp -a "$KNETCTL_SRC/testdata/kube/kubeadm-mismatch/." "$R/"
  mkdir -p "$R/etc/sysconfig/network-scripts" "$R/var/lib/cni/networks/macvlan-lan"
  cp "$KNETCTL_SRC/testdata/iptables/centos7-iptables" "$R/etc/sysconfig/iptables"
  cp "$KNETCTL_SRC/testdata/iptables/centos7-ip6tables" "$R/etc/sysconfig/ip6tables"
  printf 'DEVICE=em2\nBOOTPROTO=none\nONBOOT=yes\nIPADDR=172.20.7.100\nPREFIX=24\nGATEWAY=172.20.7.254\n' \
    >"$R/etc/sysconfig/network-scripts/ifcfg-em2"
}

state_of_node() { sb_node ip -j addr; sb_node ip -j route; sb_node iptables-legacy-save | grep -v '^#'; }

test_broken_node_fails_with_fixes_then_passes_after_them() {
  sandbox_create || { fail sandbox; return; }
  make_root
  trap 'sandbox_destroy; rm -rf "$R"' EXIT
  sb_node iptables-legacy-restore <"$KNETCTL_SRC/testdata/iptables/centos7-iptables"
  local store=$R/var/lib/cni/networks/macvlan-lan
  printf 'pod-a\r\neth0' >"$store/172.20.7.150"
  printf 'pod-a\r\neth0' >"$store/172.20.7.151"
  printf 'garbage' >"$store/not-an-ip"

  local before; before=$(state_of_node)
  assert_status 1 "$KNETCTL_BIN" doctor --root "$R" --netns "$SB_NODE_NS"
  local text=$OUT
  assert_contains "$text" "[PASS] runtimes pick /etc/cni/net.d/10-macvlan.conflist"
  assert_contains "$text" "[PASS] master em2 exists and is up"
  assert_contains "$text" "[FAIL] container pod-a (eth0) holds 2 leases of one family"
  assert_contains "$text" "malformed lease file"
  assert_contains "$text" "fix: knetctl shim up --master em2 --root $R --netns $SB_NODE_NS"
  assert_contains "$text" "fix: knetctl fw fix --family all --root $R --netns $SB_NODE_NS"
  assert_contains "$text" "[FAIL] the REJECT rule"
  assert_contains "$text" "== kube-proxy"
  assert_eq "$before" "$(state_of_node)" "node state after doctor (must be read-only)"

  assert_status 1 "$KNETCTL_BIN" doctor --root "$R" --netns "$SB_NODE_NS" -o json
  assert_eq "false" "$(json_get "$OUT" .changed)" "changed"
  assert_eq "FAIL" "$(json_get "$OUT" '[.findings[] | select(.area=="host-pod")][0].status')" "host-pod status"
  assert_eq "FAIL" "$(json_get "$OUT" '[.findings[] | select(.area=="kube-proxy")][0].status')" "kube-proxy status"
  [ "$(json_get "$OUT" .summary.fail)" -ge 4 ] || fail "expected at least 4 FAILs: $(json_get "$OUT" .summary)"

  # Apply the fixes doctor printed.
  rm -f "$store/172.20.7.151" "$store/not-an-ip"
  "$KNETCTL_BIN" shim up --master em2 --root "$R" --netns "$SB_NODE_NS" >/dev/null || fail "shim up"
  "$KNETCTL_BIN" fw fix --family all --root "$R" --netns "$SB_NODE_NS" >/dev/null || fail "fw fix"
  sed -i 's|^clusterCIDR: .*|clusterCIDR: 10.32.0.0/24|' "$R/var/lib/kube-proxy/config.conf"
  sed -i 's|--cluster-cidr=[^[:space:]]*|--cluster-cidr=10.32.0.0/24|g' "$R"/proc/*/cmdline 2>/dev/null || true

  assert_status 0 "$KNETCTL_BIN" doctor --root "$R" --netns "$SB_NODE_NS" -o json
  assert_eq "0" "$(json_get "$OUT" .summary.fail)" "FAILs after the fixes: $(json_get "$OUT" '[.findings[] | select(.status=="FAIL")]')"
  assert_eq "0" "$(json_get "$OUT" .summary.warn)" "WARNs after the fixes: $(json_get "$OUT" '[.findings[] | select(.status=="WARN")]')"
}

test_unparsable_cni_file_is_named_with_line_and_column_and_skipped() {
  sandbox_create || { fail sandbox; return; }
  make_root
  trap 'sandbox_destroy; rm -rf "$R"' EXIT
  cp "$KNETCTL_SRC/testdata/cni/field-trailing-comma.conf" "$R/etc/cni/net.d/05-broken.conf"
  assert_status 1 "$KNETCTL_BIN" doctor --root "$R" --netns "$SB_NODE_NS" -o json
  local broken
  broken=$(json_get "$OUT" '[.findings[] | select(.message | contains("05-broken.conf"))][0]')
  assert_eq "FAIL" "$(json_get "$broken" .status)" "broken file status"
  assert_contains "$(json_get "$broken" '.evidence[0]')" "05-broken.conf:"
  assert_contains "$(json_get "$broken" '.evidence[0]')" "trailing comma"
  assert_contains "$(json_get "$OUT" '.findings[].message')" "runtimes pick /etc/cni/net.d/10-macvlan.conflist"
}

test_missing_master_and_service_route_and_overlap() {
  sandbox_create || { fail sandbox; return; }
  make_root
  trap 'sandbox_destroy; rm -rf "$R"' EXIT
  local f=$R/etc/cni/net.d/10-macvlan.conflist
  jq '.plugins[0].master = "em9" | .plugins[0].ipam.routes = [{"dst":"0.0.0.0/0"}]
      | .plugins[0].ipam.ranges = [[{"subnet":"172.20.7.0/24","gateway":"172.20.7.254"}]]' "$f" >"$f.new" && mv "$f.new" "$f"
  assert_status 1 "$KNETCTL_BIN" doctor --root "$R" --netns "$SB_NODE_NS"
  assert_contains "$OUT" "[FAIL] master em9 does not exist on this node"
  assert_contains "$OUT" "[FAIL] no route to the service range 10.32.0.0/24"
  assert_contains "$OUT" "includes this node's address 172.20.7.100"
}

test_empty_node_has_no_cni_config() {
  sandbox_create || { fail sandbox; return; }
  R=$(mktemp -d)
  trap 'sandbox_destroy; rm -rf "$R"' EXIT
  assert_status 1 "$KNETCTL_BIN" doctor --root "$R" --netns "$SB_NODE_NS"
  assert_contains "$OUT" "[FAIL] no CNI configuration in /etc/cni/net.d"
  assert_contains "$OUT" "[WARN] kube-proxy's ranges cannot be checked"
}

run_tests
