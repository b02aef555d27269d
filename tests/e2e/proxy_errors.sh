#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl proxy check on broken node layouts: malformed YAML/JSON, unreadable files,
# conflicting duplicates and nothing to find are errors (exit 2) naming file and
# line:column, never a crash.
source "$(dirname "$0")/../lib/assert.sh"

TD=$KNETCTL_SRC/testdata/kube
sandbox_create || exit 1
trap sandbox_destroy EXIT

check() { assert_status "$1" "$KNETCTL_BIN" proxy check --root "$TD/$2" --netns "$SB_NODE_NS" "${@:3}"; }

test_malformed_yaml() {
  check 2 malformed-yaml
  assert_contains "$ERR" "knetctl: failed to parse /var/lib/kube-proxy/config.conf:8:2:"
  check 2 malformed-yaml -o json
  assert_eq true "$(json_get "$OUT" .failed)"
  assert_contains "$(json_get "$OUT" .msg)" "config.conf:8:2"
}

test_malformed_cni_json() {
  check 2 bad-cni --cni-config /etc/cni/net.d/00-broken.conflist
  assert_contains "$ERR" "failed to parse /etc/cni/net.d/00-broken.conflist:5:41"
}

test_conflicting_flags_in_one_command_line() {
  check 2 conflicting-flags
  assert_contains "$ERR" "conflicting --cluster-cidr"
  assert_contains "$ERR" "\"10.254.0.0/16\" at /etc/kubernetes/proxy:7:18"
  assert_contains "$ERR" "\"10.244.0.0/16\" at /etc/kubernetes/proxy:7:69"
}

test_conflicting_sources() {
  check 2 conflicting-sources
  assert_contains "$ERR" "conflicting --cluster-cidr: \"10.244.0.0/16\" at /proc/2211/cmdline (process 2211)"
  assert_contains "$ERR" "/etc/kubernetes/proxy:7:18 (unit kube-proxy.service)"
}

test_unreadable_config() {
  local root; root=$(mktemp -d)
  cp -a "$TD/kubeadm/." "$root/"
  rm "$root/var/lib/kube-proxy/config.conf"
  mkdir "$root/var/lib/kube-proxy/config.conf"   # a directory: read(2) fails with EISDIR
  assert_status 2 "$KNETCTL_BIN" proxy check --root "$root" --netns "$SB_NODE_NS"
  assert_contains "$ERR" "failed to read kube-proxy config /var/lib/kube-proxy/config.conf"
  assert_contains "$ERR" "Is a directory"
  rm -rf "$root"
}

test_nothing_found() {
  local root; root=$(mktemp -d)
  assert_status 2 "$KNETCTL_BIN" proxy check --root "$root" --netns "$SB_NODE_NS"
  assert_contains "$ERR" "failed to find kube-proxy's settings"
  assert_contains "$ERR" "--kube-proxy-config"
  assert_status 2 "$KNETCTL_BIN" proxy check --root "$root" --netns "$SB_NODE_NS" --cluster-cidr 10.32.0.0/24
  assert_contains "$ERR" "failed to find the apiserver's --service-cluster-ip-range"
  assert_status 2 "$KNETCTL_BIN" proxy check --root "$root" --netns "$SB_NODE_NS" --kube-proxy-config /missing.yaml
  assert_contains "$ERR" "/missing.yaml"
  rm -rf "$root"
}

test_bad_cidr_values() {
  check 2 kubeadm --service-cidr 10.32.0.0
  assert_contains "$ERR" "invalid --service-cidr"
  assert_contains "$ERR" "missing /prefix-length"
  check 2 kubeadm --cluster-cidr 10.0.0.0/8,10.1.0.0/16
  assert_contains "$ERR" "at most one IPv4 and one IPv6 range"
}

test_random_garbage_never_crashes() {
  local root i rc; root=$(mktemp -d)
  cp -a "$TD/kubeadm/." "$root/"
  for i in $(seq 1 25); do
    head -c $((RANDOM % 400)) /dev/urandom > "$root/var/lib/kube-proxy/config.conf"
    head -c $((RANDOM % 400)) /dev/urandom > "$root/etc/cni/net.d/10-macvlan.conflist"
    "$KNETCTL_BIN" proxy check --root "$root" --netns "$SB_NODE_NS" >/dev/null 2>&1
    rc=$?
    [ "$rc" -le 2 ] || fail "exit status $rc (crash?) on random input, round $i"
  done
  rm -rf "$root"
}

run_tests
