#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: `knetctl fw fix` (live + persisted) against the shell equivalent
# (`iptables-legacy -D` for each REJECT rule + `sed -i` on the file) on a 20,000-rule
# legacy filter table with both REJECT rules, and a 20,000-line persisted file.
# Runs in a namespace of its own; the machine's firewall is never touched.
# Goal: knetctl <= 0.5x the shell time. Usage: bench/fw_bench.sh [REPS] (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${KNETCTL_BIN:=$PWD/build/cmd/knetctl/knetctl}"
REPS=${1:-7}
RULES=20000
[ "$(id -u)" = 0 ] || { echo "fw_bench: must run as root (network namespaces)" >&2; exit 1; }
[ -x "$KNETCTL_BIN" ] || { echo "fw_bench: knetctl not found at $KNETCTL_BIN (set KNETCTL_BIN)" >&2; exit 1; }

NS=knfwbench$$
WORK=$(mktemp -d)
cleanup() { ip netns delete "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
ip netns add "$NS"
mkdir -p "$WORK/root/etc/sysconfig"

# CentOS's default head, 19,998 ACCEPT rules, then the two REJECT rules: 20,000 rules.
python3 - "$RULES" > "$WORK/rules" <<'PY'
import sys
n = int(sys.argv[1]) - 2
out = ["# sample configuration for iptables service", "*filter",
       ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
out += ["-A INPUT -s 10.%d.%d.%d/32 -p tcp -m tcp --dport 443 -j ACCEPT" % (i >> 16, (i >> 8) & 255, i & 255)
        for i in range(n)]
out += ["-A INPUT -j REJECT --reject-with icmp-host-prohibited",
        "-A FORWARD -j REJECT --reject-with icmp-host-prohibited", "COMMIT"]
print("\n".join(out))
PY
FILE=$WORK/root/etc/sysconfig/iptables

reset_state() {
  ip netns exec "$NS" iptables-legacy-restore < "$WORK/rules"
  cp "$WORK/rules" "$FILE"
  rm -f "$FILE.bak"
}
now_ms() { date +%s%N | awk '{printf "%.1f", $1 / 1e6}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
verify() {
  local left
  left=$(ip netns exec "$NS" iptables-legacy-save | grep -c 'icmp-host-prohibited' || true)
  [ "$left" = 0 ] || { echo "fw_bench: $1 left $left live REJECT rules" >&2; exit 1; }
  ! grep -q 'icmp-host-prohibited' "$FILE" || { echo "fw_bench: $1 left the REJECT lines in the file" >&2; exit 1; }
}

knetctl_times=() shell_times=()
for rep in $(seq 1 "$REPS"); do
  reset_state
  t0=$(now_ms)
  "$KNETCTL_BIN" fw fix --netns "/run/netns/$NS" --root "$WORK/root" >/dev/null
  t1=$(now_ms)
  verify knetctl
  knetctl_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')")

  reset_state
  t0=$(now_ms)
  ip netns exec "$NS" sh -c '
    iptables-legacy -D INPUT -j REJECT --reject-with icmp-host-prohibited
    iptables-legacy -D FORWARD -j REJECT --reject-with icmp-host-prohibited'
  sed -i '/^-A \(INPUT\|FORWARD\) -j REJECT --reject-with icmp-host-prohibited$/d' "$FILE"
  t1=$(now_ms)
  verify shell
  shell_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')")
  printf 'rep %d: knetctl %7.1f ms   shell %7.1f ms\n' "$rep" "${knetctl_times[-1]}" "${shell_times[-1]}"
done

k=$(printf '%s\n' "${knetctl_times[@]}" | median)
s=$(printf '%s\n' "${shell_times[@]}" | median)
ratio=$(awk -v k="$k" -v s="$s" 'BEGIN{printf "%.2f", k / s}')
echo "rules: $RULES live, $(wc -l < "$WORK/rules") lines persisted; reps: $REPS"
echo "median knetctl fw fix: $k ms"
echo "median shell (iptables-legacy -D x2 + sed -i): $s ms"
verdict=$(awk -v r="$ratio" 'BEGIN{print (r <= 0.5) ? "meets" : "misses"}')
echo "ratio: ${ratio}x (goal <= 0.5x: $verdict)"
