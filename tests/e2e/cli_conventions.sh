#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The conventions every command shares: exit statuses, --version, --help, usage errors,
# global options before or after the subcommand, and the sandbox node itself.
source "$(dirname "$0")/../lib/assert.sh"

test_version_and_help() {
  assert_status 0 "$KNETCTL_BIN" --version
  assert_contains "$OUT" "knetctl "
  assert_status 0 "$KNETCTL_BIN" --help
  assert_contains "$OUT" "Exit status: 0 ok"
  for g in shim cni fw proxy doctor; do
    assert_contains "$OUT" "$g"
  done
}

test_usage_errors_exit_2() {
  assert_status 2 "$KNETCTL_BIN"
  assert_status 2 "$KNETCTL_BIN" no-such-command
  assert_status 2 "$KNETCTL_BIN" -o yaml proxy check
  assert_contains "$ERR" "yaml"
}

test_usage_errors_with_json_output_print_one_json_object() {
  assert_status 2 "$KNETCTL_BIN" shim up -o json --no-such-option
  assert_eq "true" "$(json_get "$OUT" .failed)" "failed"
  assert_eq "false" "$(json_get "$OUT" .changed)" "changed"
  assert_eq "[]" "$(json_get "$OUT" -c .actions)" "actions"
  assert_status 2 "$KNETCTL_BIN" --output json fw fix --family 5
  assert_eq "true" "$(json_get "$OUT" .failed)" "failed"
}

test_netns_that_does_not_exist_is_an_error() {
  assert_status 2 "$KNETCTL_BIN" proxy check --netns /run/netns/knetctl-no-such-ns --cluster-cidr 10.32.0.0/24 --service-cidr 10.32.0.0/24
  assert_contains "$ERR" "failed to open netns \"/run/netns/knetctl-no-such-ns\""
  assert_status 2 "$KNETCTL_BIN" -o json proxy check --netns /run/netns/knetctl-no-such-ns --cluster-cidr 10.32.0.0/24 --service-cidr 10.32.0.0/24
  assert_eq "true" "$(json_get "$OUT" .failed)" "json failed"
  assert_eq "false" "$(json_get "$OUT" .changed)" "json changed"
}

test_global_options_before_or_after_subcommand() {
  local a b
  assert_status 0 "$KNETCTL_BIN" -o json proxy check --cluster-cidr 10.32.0.0/24 --service-cidr 10.32.0.0/24 --root /nonexistent
  a=$OUT
  assert_status 0 "$KNETCTL_BIN" proxy check --cluster-cidr 10.32.0.0/24 --service-cidr 10.32.0.0/24 -o json --root /nonexistent
  b=$OUT
  assert_eq "$a" "$b" "json output before/after"
  assert_eq "false" "$(json_get "$b" .changed)" "changed"
}

test_sandbox_node_is_built_and_removed() {
  sandbox_create || { fail "sandbox_create"; return; }
  trap sandbox_destroy EXIT
  assert_contains "$(sb_node ip -br addr show em2)" "$SB_NODE_IP/24"
  assert_contains "$(sb_node ip route show default)" "via $SB_GW dev em2"
  sb_node ping -c1 -W2 "$SB_BEYOND" >/dev/null || fail "node cannot reach $SB_BEYOND through the gateway"
  local id=$SB_ID
  sandbox_destroy
  assert_eq "" "$(ip netns list | grep "^kn$id-" || true)" "namespaces left"
}

run_tests
