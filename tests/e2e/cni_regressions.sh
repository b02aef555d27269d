#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Findings of the break-it pass, each kept as a test.
source "$(dirname "$0")/../lib/assert.sh"
source "$(dirname "$0")/cni_lib.bash"

# Invalid UTF-8 anywhere in the input must still give the runtime one JSON answer.
test_invalid_utf8_gives_json_not_an_abort() {
  cni_setup
  local c; c=$(sandbox_container u8)
  plugin ADD $'ctr\xff' "$c" eth0 <<<"$(mkconf 1.0.0)"
  assert_eq 1 "$RC" "exit status for an invalid container ID"
  jq -e .code <<<"$OUT" >/dev/null || fail "no JSON error on stdout: $OUT"
  plugin ADD c1 "$c" eth0 <<<"$(printf '{"cniVersion":"1.0.0","name":"n\xff","type":"knetctl-cni"}')"
  assert_eq 1 "$RC" "exit status for a non-UTF-8 network name"
  jq -e .code <<<"$OUT" >/dev/null || fail "no JSON error on stdout: $OUT"
  plugin ADD c2 "$c" $'e\xff' <<<"$(mkconf 1.0.0)"
  [ "$RC" = 0 ] || [ "$RC" = 1 ] || fail "exit status $RC for a non-UTF-8 ifname (abort?)"
  jq -e . <<<"$OUT" >/dev/null || fail "stdout is not JSON: $OUT"
  plugin DEL c2 "$c" $'e\xff' <<<"$(mkconf 1.0.0)"
  assert_eq 0 "$(lease_count)" "leases left"
}

# GC and STATUS are 1.1.0 verbs: an older config must not wipe the store.
test_gc_and_status_need_1_1_0() {
  cni_setup
  local c; c=$(sandbox_container gc)
  plugin ADD gc1 "$c" eth0 <<<"$(mkconf 1.0.0)"
  assert_eq 0 "$RC" "ADD"
  for v in 0.1.0 0.4.0 1.0.0; do
    plugin GC "" "" "" <<<"$(mkconf "$v")"
    assert_eq 1 "$RC" "GC at $v"
    assert_eq 1 "$(jq -r .code <<<"$OUT")" "error code of GC at $v"
    plugin STATUS "" "" "" <<<"$(mkconf "$v")"
    assert_eq 1 "$RC" "STATUS at $v"
  done
  assert_eq 1 "$(lease_count)" "leases after refused GCs"
}

test_admin_gc_rejects_malformed_valid() {
  cni_setup
  local c; c=$(sandbox_container gcv)
  mkconf 1.0.0 >"$WORK/conf.json"
  plugin ADD live1 "$c" eth0 <<<"$(mkconf 1.0.0)"
  for bad in garbage a/b/c "/eth0" "ok/"; do
    assert_status 2 "$KNETCTL_BIN" cni gc --config "$WORK/conf.json" --valid "$bad" --netns "$SB_NODE_NS"
    assert_contains "$ERR" "CONTAINERID/IFNAME"
  done
  assert_eq 1 "$(lease_count)" "leases after rejected gc"
  assert_status 0 "$KNETCTL_BIN" cni gc --config "$WORK/conf.json" --valid live1/eth0 --netns "$SB_NODE_NS"
  assert_eq 1 "$(lease_count)" "live lease kept by a correct gc"
}

test_json_output_survives_invalid_utf8_arguments() {
  assert_status 2 "$KNETCTL_BIN" -o json proxy check --service-cidr $'\xff' --cluster-cidr 10.32.0.0/24
  jq -e '.failed == true' <<<"$OUT" >/dev/null || fail "not a JSON error: $OUT"
}

run_tests
