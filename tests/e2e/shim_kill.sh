#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# kill -9 of `knetctl shim up` at every step of the move, then `up` again: the node
# converges, and the node's address is never missing from both em2 and the shim
# (sampled continuously while it all happens).
source "$(dirname "$0")/../lib/assert.sh"
source "$(dirname "$0")/shim_lib.bash"

# sample_addr OUT-FILE: until killed, appends one line per sample: "ok" when
# 172.20.7.100 is on em2 or em2-shim, "MISSING" otherwise.
sample_addr() {
  while :; do
    if ip -n "$SB_NODE" -4 -o addr show to "$SB_NODE_IP/32" | grep -qE ' (em2|em2-shim) '; then
      echo ok
    else
      echo MISSING
    fi
  done >>"$1"
}

test_kill9_at_each_step_converges() {
  sandbox_create || { fail "sandbox"; return; }
  TMPD=$(mktemp -d); local tmp=$TMPD
  SAMPLER=
  trap 'kill $SAMPLER 2>/dev/null; sandbox_destroy; rm -rf "$TMPD"' EXIT
  local pod; pod=$(make_pod p1 172.20.7.21) || { fail "pod"; return; }
  sample_addr "$tmp/samples" &
  SAMPLER=$!
  local tag
  for tag in create-link set-up add-addr replace-route announce del-addr del-addr:2; do
    # A second address so "del-addr:2" is a point between two deletions.
    ip -n "$SB_NODE" addr show dev em2 | grep -q 172.20.7.101 || ip -n "$SB_NODE" addr add 172.20.7.101/24 dev em2
    rm -f "$tmp/paused"
    # The binary itself in the background (not the K function: $! would be a subshell).
    KNETCTL_TEST_PAUSE_AT=$tag KNETCTL_TEST_PAUSE_FILE=$tmp/paused KNETCTL_TEST_PAUSE_SECONDS=30 \
      "$KNETCTL_BIN" --netns "$SB_NODE_NS" shim up --master em2 --persist none >/dev/null 2>&1 &
    local pid=$!
    if ! wait_for_file "$tmp/paused" 10; then fail "$tag: the test hook did not pause"; kill -9 "$pid"; continue; fi
    sleep 0.05
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    local state; state=$(ip -n "$SB_NODE" -br addr show | tr -s ' ' | tr '\n' ';')
    echo "    killed at $tag: $state"
    assert_status 0 K shim up --master em2 --persist none -o json
    assert_status 0 K shim status --master em2 --persist none
    [ "$(ip -n "$SB_NODE" -4 addr show dev em2 scope global)" = "" ] || fail "$tag: em2 still holds an address"
    [ "$(ip -n "$SB_NODE" route show default)" = "default via $SB_GW dev em2-shim " ] ||
      fail "$tag: default route: $(ip -n "$SB_NODE" route show default)"
    reach "$pod" "$SB_NODE_IP" || fail "$tag: pod cannot reach the node after converging"
    reach "$SB_LAN" "$SB_NODE_IP" || fail "$tag: lan cannot reach the node after converging"
    assert_status 0 K shim down --master em2
  done
  kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null
  local total missing
  total=$(wc -l <"$tmp/samples"); missing=$(grep -c MISSING "$tmp/samples")
  echo "    address samples: $total, missing from both interfaces: $missing"
  [ "$total" -gt 100 ] || fail "too few samples: $total"
  assert_eq 0 "$missing" "samples without the address"
}

run_tests
