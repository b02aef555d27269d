# SPDX-License-Identifier: Apache-2.0
# Helpers shared by the shim_* suites (sourced, not a suite: no run_tests here).
# shellcheck disable=SC2034

# Never without a sandbox: an empty --netns would act on the machine itself.
K() { [ -n "${SB_NODE_NS:-}" ] || { echo "K: no sandbox node" >&2; return 2; }; "$KNETCTL_BIN" --netns "$SB_NODE_NS" "$@"; }

# make_pod NAME IP: a pod namespace with eth0, a bridge-mode macvlan child of em2 made
# with ip(8) the way the reference macvlan plugin does it. Prints the namespace name.
make_pod() {
  local ns=$SB_PREFIX-c-$1
  sandbox_container "$1" >/dev/null || return 1
  ip -n "$SB_NODE" link add "p-$1" link em2 type macvlan mode bridge || return 1
  ip -n "$SB_NODE" link set "p-$1" netns "$ns" || return 1
  ip -n "$ns" link set "p-$1" name eth0
  ip -n "$ns" addr add "$2/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$SB_GW"
  echo "$ns"
}

# reach FROM-NS TO-IP: one ping, 1 s timeout.
reach() { ip netns exec "$1" ping -n -c 1 -W 1 "$2" >/dev/null 2>&1; }

# snapshot: the node's addresses and routes (every table) as JSON, for before/after.
snapshot() {
  { ip -n "$SB_NODE" -j addr show; ip -n "$SB_NODE" -j route show table all; ip -n "$SB_NODE" -6 -j route show table all; } |
    jq -S -c .
}

# ping_loss_during COUNT CMD...: pings the node IP from the lan every 10 ms while CMD
# runs (started after 0.5 s); prints "sent received" of the ping.
ping_during() {
  local count=$1; shift
  local log; log=$(mktemp)
  ip netns exec "$SB_LAN" ping -n -i 0.01 -c "$count" -W 1 "$SB_NODE_IP" >"$log" 2>&1 &
  local pid=$!
  sleep 0.5
  "$@" >/dev/null
  local rc=$?
  wait "$pid"
  local line; line=$(grep 'packets transmitted' "$log")
  rm -f "$log"
  echo "$(echo "$line" | awk '{print $1}') $(echo "$line" | awk '{print $4}') $rc"
}

# wait_for_file PATH SECONDS
wait_for_file() {
  local i
  for ((i = 0; i < $2 * 100; i++)); do [ -e "$1" ] && return 0; sleep 0.01; done
  return 1
}
