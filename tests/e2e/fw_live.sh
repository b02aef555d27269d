#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl fw fix|check on the live ruleset: legacy (libiptc) and nf_tables (libnftables)
# in sandbox node namespaces. Every iptables call runs inside a namespace of the test.
source "$(dirname "$0")/../lib/assert.sh"
TD=$KNETCTL_SRC/testdata/iptables
REJECT_RE=' -j REJECT --reject-with icmp-host-prohibited$'

# FILE with distinct counters on every rule and built-in policy, for iptables-*-restore -c.
with_counters() {
  awk '/^-A /{n++; printf "[%d:%d] %s\n", n*7, n*700, $0; next}
       /^:[A-Z]+ (ACCEPT|DROP) \[0:0\]$/{n++; sub(/\[0:0\]$/, "[" n*3 ":" n*300 "]")}
       {print}' "$1"
}
# save BACKEND: the live IPv4 ruleset with counters, without the timestamp comments.
save() { sb_node "iptables-$1-save" -c | grep -v '^#'; }
legacy_tables() { sb_node cat /proc/net/ip_tables_names | sort | tr '\n' ' '; }
fix() { "$KNETCTL_BIN" fw fix --netns "$SB_NODE_NS" --root "$ROOT" "$@"; }
check() { "$KNETCTL_BIN" fw check --netns "$SB_NODE_NS" --root "$ROOT" "$@"; }

setup() {
  sandbox_create || exit 1
  ROOT=$(mktemp -d)
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
}

# fix on BACKEND with FILE loaded: the ruleset afterwards is the one before minus exactly
# the catch-all REJECT lines, counters kept; a second run changes nothing.
fix_and_compare() {
  local backend=$1 file=$2 want_removed=$3
  with_counters "$file" | sb_node "iptables-$backend-restore" -c || { fail "restore $file"; return; }
  local before expected after
  before=$(save "$backend")
  expected=$(printf '%s\n' "$before" | grep -v -E "^\[[0-9]+:[0-9]+\] -A (INPUT|FORWARD)$REJECT_RE")
  assert_eq "$want_removed" "$(( $(printf '%s\n' "$before" | wc -l) - $(printf '%s\n' "$expected" | wc -l) ))" "REJECT lines in the loaded ruleset"
  assert_status 1 check -o json
  assert_eq "$want_removed" "$(json_get "$OUT" '.live | length')" "live findings of check"
  assert_eq "$backend" "$(json_get "$OUT" '.live[0].backend')" "backend of the finding"
  assert_status 0 fix -o json
  assert_eq true "$(json_get "$OUT" .changed)" "changed on the first fix"
  assert_eq "$backend" "$(json_get "$OUT" .backend)" "detected backend"
  assert_eq "$want_removed" "$(json_get "$OUT" '[.live[] | select(.removed)] | length')" "rules removed"
  after=$(save "$backend")
  assert_eq "$expected" "$after" "ruleset after fix (before minus the REJECT lines, counters kept)"
  assert_status 0 fix -o json
  assert_eq false "$(json_get "$OUT" .changed)" "changed on the second fix"
  assert_eq 0 "$(json_get "$OUT" '.live | length')" "live findings on the second fix"
  assert_status 0 check
  assert_contains "$OUT" "clean"
}

test_legacy_centos_default() {
  setup
  fix_and_compare legacy "$TD/centos7-iptables" 2
  assert_eq "" "$(sb_node iptables-nft-save 2>/dev/null | grep -v '^#')" "no nft table appeared"
}

test_legacy_kube_and_docker_chains_survive() {
  setup
  fix_and_compare legacy "$TD/kube-docker.iptables" 2
  local after; after=$(save legacy)
  assert_contains "$after" ":KUBE-SERVICES - ["
  assert_contains "$after" "-A KUBE-SERVICES -d 10.32.0.1/32 -p tcp"
  assert_contains "$after" "-A INPUT -p udp -j REJECT --reject-with icmp-host-prohibited" "(not catch-all, kept by default)"
}

test_nft_centos_default_creates_no_legacy_table() {
  setup
  local t0; t0=$(legacy_tables)
  assert_not_contains "$t0" "filter" "legacy tables before"
  fix_and_compare nft "$TD/centos7-iptables" 2
  assert_eq "$t0" "$(legacy_tables)" "legacy tables after fix and check on an nf_tables node"
  assert_status 0 fix --backend legacy -o json
  assert_contains "$(json_get "$OUT" '.warnings[]')" "no legacy IPv4 filter table"
  assert_eq "$t0" "$(legacy_tables)" "legacy tables after --backend legacy"
}

test_nft_kube_proxy_node() {
  setup
  fix_and_compare nft "$TD/kube-docker.iptables" 2
  assert_status 0 check -o json
  assert_eq nft "$(json_get "$OUT" .backends.ipv4.kube_proxy_canary)" "canary chains seen in nft"
  local after; after=$(save nft)
  for chain in KUBE-SERVICES KUBE-FORWARD KUBE-FIREWALL KUBE-POSTROUTING DOCKER DOCKER-ISOLATION KUBE-KUBELET-CANARY KUBE-PROXY-CANARY; do
    assert_contains "$after" ":$chain " "chain $chain after fix"
  done
  assert_contains "$after" "-A KUBE-SERVICES -d 10.32.0.10/32 -p tcp -m comment --comment \"default/noendpoints has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable"
  assert_eq "" "$(legacy_tables | tr -d ' ')" "no legacy table created"
}

test_any_match_lists_and_removes_rules_with_matches() {
  setup
  sb_node iptables-legacy-restore < "$TD/kube-docker.iptables" || fail "restore"
  assert_status 1 check --any-match -o json
  assert_eq 3 "$(json_get "$OUT" '.live | length')" "findings with --any-match"
  assert_eq "-A INPUT -p udp -j REJECT --reject-with icmp-host-prohibited" \
    "$(json_get "$OUT" '.live[] | select(.catch_all == false) | .rule')" "the rule with a match, listed"
  assert_status 0 fix --any-match --chain INPUT -o json
  assert_eq 2 "$(json_get "$OUT" '.live | length')" "INPUT-only removals"
  assert_status 1 check -o json
  assert_eq FORWARD "$(json_get "$OUT" '.live[0].chain')" "FORWARD left alone with --chain INPUT"
  local n; n=$(save legacy | grep -c 'icmp-host-prohibited')
  assert_eq 1 "$n" "remaining host-prohibited rules"
}

test_ipv6_legacy_and_nft() {
  setup
  sb_node ip6tables-legacy-restore < "$TD/centos7-ip6tables" || fail "restore legacy"
  sb_node iptables-nft-restore < "$TD/centos7-iptables" || fail "restore nft"
  assert_status 1 check --family all -o json
  assert_eq "legacy nft" "$(json_get "$OUT" '[.backends.ipv6.backend, .backends.ipv4.backend] | join(" ")')" "backend per family"
  assert_eq 4 "$(json_get "$OUT" '.live | length')" "findings in both families"
  assert_status 0 fix --family 6 -o json
  assert_eq 2 "$(json_get "$OUT" '.live | length')" "IPv6 removals"
  assert_eq 0 "$(sb_node ip6tables-legacy-save | grep -c 'icmp6-adm-prohibited')" "ip6 REJECT left"
  assert_eq 2 "$(sb_node iptables-nft-save | grep -c 'icmp-host-prohibited')" "IPv4 untouched by --family 6"
  assert_contains "$(sb_node ip6tables-legacy-save)" "-A INPUT -d fe80::/64 -p udp -m state --state NEW -m udp --dport 546 -j ACCEPT"
}

test_dry_run_changes_nothing() {
  setup
  sb_node iptables-legacy-restore < "$TD/centos7-iptables" || fail "restore"
  local before; before=$(save legacy)
  assert_status 0 fix --dry-run -o json
  assert_eq true "$(json_get "$OUT" .changed)" "dry-run reports the change"
  assert_eq 2 "$(json_get "$OUT" '.actions | length')" "actions listed"
  assert_eq "$before" "$(save legacy)" "ruleset after --dry-run"
}

# Appends that hold the xtables lock (-w) while fix runs again and again: none is lost.
test_racing_appends_are_not_lost() {
  setup
  sb_node iptables-legacy-restore < "$TD/centos7-iptables" || fail "restore"
  local pids=() w
  for w in 1 2 3 4; do
    (
      for i in $(seq 1 40); do
        sb_node iptables-legacy -w -A INPUT -s "10.77.$w.$i/32" -j ACCEPT || echo "append $w.$i failed" >&2
        [ $((i % 10)) = 0 ] && sb_node iptables-legacy -w -A FORWARD -j REJECT --reject-with icmp-host-prohibited
      done
    ) &
    pids+=($!)
  done
  local fixes=0 alive=1
  while [ $alive = 1 ]; do
    fix -o json >/dev/null || fail "fix failed during the race"
    fixes=$((fixes + 1))
    alive=0
    for w in "${pids[@]}"; do kill -0 "$w" 2>/dev/null && alive=1; done
  done
  wait
  fix >/dev/null || fail "final fix"
  local rules; rules=$(save legacy)
  assert_eq 160 "$(printf '%s\n' "$rules" | grep -c -- '-s 10\.77\.')" "appended rules present after $fixes fixes"
  assert_eq 0 "$(printf '%s\n' "$rules" | grep -c 'icmp-host-prohibited')" "REJECT rules left"
}

# Appends that bypass the lock (another lock file) make our commit fail with EAGAIN:
# fix retries, and every append that reported success is still there.
test_unlocked_appends_force_retry_and_survive() {
  setup
  # A bigger table widens fix's read-to-commit window, so the appends land inside it.
  { sed '/^COMMIT/d' "$TD/centos7-iptables"
    for i in $(seq 1 4000); do echo "-A OUTPUT -d 10.79.$((i / 250)).$((i % 250))/32 -j ACCEPT"; done
    echo COMMIT; } | sb_node iptables-legacy-restore || fail "restore"
  local ok_file; ok_file=$(mktemp)
  (
    for i in $(seq 1 150); do
      XTABLES_LOCKFILE=$ROOT/other.lock sb_node iptables-legacy -w -A INPUT -s "10.78.0.$i/32" -j ACCEPT 2>/dev/null &&
        echo "10.78.0.$i/32" >> "$ok_file"
      [ $((i % 5)) = 0 ] && XTABLES_LOCKFILE=$ROOT/other.lock sb_node iptables-legacy -w -A INPUT -j REJECT --reject-with icmp-host-prohibited 2>/dev/null
    done
  ) &
  local pid=$! fixes=0 retried=0
  while kill -0 $pid 2>/dev/null; do
    OUT=$(fix -o json 2>&1) || fail "fix failed during the race: $OUT"
    [[ "$OUT" == *"committed on attempt"* ]] && retried=$((retried + 1))
    fixes=$((fixes + 1))
  done
  echo "    ($fixes fixes, $retried of them retried a commit after EAGAIN)"
  wait $pid
  fix >/dev/null || fail "final fix"
  local rules missing=0 a; rules=$(save legacy)
  while read -r a; do
    [[ "$rules" == *"-s $a -j ACCEPT"* ]] || { missing=$((missing + 1)); echo "    missing $a" >&2; }
  done < "$ok_file"
  assert_eq 0 "$missing" "successful appends lost ($(wc -l < "$ok_file") succeeded, $fixes fixes)"
  assert_eq 0 "$(printf '%s\n' "$rules" | grep -c 'icmp-host-prohibited')" "REJECT rules left"
  rm -f "$ok_file"
}

test_empty_namespace_has_nothing_and_creates_nothing() {
  setup
  local t0; t0=$(legacy_tables)
  assert_status 0 check -o json
  assert_eq none "$(json_get "$OUT" .backend)" "backend of an empty namespace"
  assert_status 0 fix -o json
  assert_eq false "$(json_get "$OUT" .changed)" "changed"
  assert_eq "$t0" "$(legacy_tables)" "legacy tables"
  assert_eq "" "$(sb_node nft list ruleset)" "nft ruleset"
}

test_bad_options_are_errors() {
  setup
  assert_status 2 fix --family 5
  assert_status 2 fix --backend iptables
  assert_status 2 fix --chain 'a b' 
  assert_contains "$ERR" "invalid --chain"
}

run_tests
