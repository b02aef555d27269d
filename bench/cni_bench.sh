#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl-cni vs the reference macvlan + host-local, side by side in one run, on a
# throwaway sandbox node. Not a test: it prints figures and ratios against the goals.
#   bench/cni_bench.sh [BUILD_DIR]      (default: build; needs root)
# Measures: ADD+DEL cycle median, 20 parallel ADDs (wall time, duplicates), peak RSS of
# one ADD (wait4 ru_maxrss; for the reference the max over macvlan and its host-local
# child), and ADD time in a /16 that is 99% allocated vs empty. The 99% store is filled
# from the range start and last_reserved_ip.0 is set back to the range start before
# every ADD (as after a wrap-around or a restored store): the worst case for the
# reference's probe-per-address scan. Medians; the first (cold) ADD is printed too.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
BUILD=${1:-build}
BIN=$SRC/$BUILD/cmd/knetctl/knetctl-cni
[ -x "$BIN" ] || { echo "cni_bench: $BIN not found (build first)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "cni_bench: must run as root" >&2; exit 1; }
REF=/usr/lib/cni/macvlan
CYCLES=${CYCLES:-40}
ALLOC_RUNS=${ALLOC_RUNS:-5}
source tests/lib/sandbox.sh
WORK=$(mktemp -d /tmp/knetctl-cni-bench.XXXXXX)
trap 'sandbox_destroy; rm -rf "$WORK"' EXIT
g++ -O2 -std=c++20 -o "$WORK/run" bench/cni_bench_run.cpp
sandbox_create >/dev/null
C=$(sandbox_container bench)
for i in $(seq 0 19); do sandbox_container "par$i" >/dev/null; done
PAR_PREFIX=/run/netns/$SB_PREFIX-c-par

# conf TYPE NAME SUBNET START END GW: one config per plugin, each with its own store.
conf() {
  jq -n --arg t "$1" --arg n "$2" --arg s "$3" --arg a "$4" --arg b "$5" --arg g "$6" --arg d "$WORK/data" \
    '{cniVersion:"1.0.0", name:$n, type:$t, master:"em2", mode:"bridge",
      ipam:{type:"host-local", subnet:$s, rangeStart:$a, rangeEnd:$b, gateway:$g, dataDir:$d, routes:[{dst:"0.0.0.0/0"}]}}'
}
conf knetctl-cni k24 172.20.7.0/24 172.20.7.150 172.20.7.199 172.20.7.254 >"$WORK/k24.json"
conf macvlan r24 172.20.7.0/24 172.20.7.150 172.20.7.199 172.20.7.254 >"$WORK/r24.json"
run() { ip netns exec "$SB_NODE" "$WORK/run" "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g) ? "MET" : "NOT MET" }'; }

echo "knetctl-cni: $BIN"
echo "reference:   $REF (+ /usr/lib/cni/host-local)"
echo

read -r k_cyc k_cyc90 < <(run cycle "$CYCLES" "$BIN" "$WORK/k24.json" "$C")
read -r r_cyc r_cyc90 < <(run cycle "$CYCLES" "$REF" "$WORK/r24.json" "$C")
read -r k_par k_dup k_fail < <(run parallel 20 "$BIN" "$WORK/k24.json" "$PAR_PREFIX")
read -r r_par r_dup r_fail < <(run parallel 20 "$REF" "$WORK/r24.json" "$PAR_PREFIX")
k_rss=$(run rss "$BIN" "$WORK/k24.json" "$C")
r_rss=$(run rss "$REF" "$WORK/r24.json" "$C")

# /16 stores: empty, and 99% allocated from the start of the range.
conf knetctl-cni k16e 10.200.0.0/16 10.200.0.1 10.200.255.254 10.200.0.1 >"$WORK/k16e.json"
conf macvlan r16e 10.200.0.0/16 10.200.0.1 10.200.255.254 10.200.0.1 >"$WORK/r16e.json"
conf knetctl-cni k16f 10.200.0.0/16 10.200.0.1 10.200.255.254 10.200.0.1 >"$WORK/k16f.json"
conf macvlan r16f 10.200.0.0/16 10.200.0.1 10.200.255.254 10.200.0.1 >"$WORK/r16f.json"
fill() {  # fill DIR: leases for the first 99% of 10.200.0.2 .. 10.200.255.254
  mkdir -p "$1"
  ( cd "$1" && awk 'BEGIN { n = int(65533 * 0.99); for (i = 2; i < n + 2; i++) printf "10.200.%d.%d\n", int(i / 256), i % 256 }' |
      while read -r ip; do printf 'prefill-%s\r\neth0' "$ip" >"$ip"; done )
}
echo "pre-filling two /16 stores to 99% (64,867 lease files each)..." >&2
fill "$WORK/data/k16f"
cp -a "$WORK/data/k16f" "$WORK/data/r16f"
mkdir -p "$WORK/data/k16e" "$WORK/data/r16e"
read -r k_empty k_empty1 < <(run add-time "$ALLOC_RUNS" "$BIN" "$WORK/k16e.json" "$C" "$WORK/data/k16e/last_reserved_ip.0" 10.200.0.1)
read -r r_empty r_empty1 < <(run add-time "$ALLOC_RUNS" "$REF" "$WORK/r16e.json" "$C" "$WORK/data/r16e/last_reserved_ip.0" 10.200.0.1)
read -r k_full k_full1 < <(run add-time "$ALLOC_RUNS" "$BIN" "$WORK/k16f.json" "$C" "$WORK/data/k16f/last_reserved_ip.0" 10.200.0.1)
read -r r_full r_full1 < <(run add-time "$ALLOC_RUNS" "$REF" "$WORK/r16f.json" "$C" "$WORK/data/r16f/last_reserved_ip.0" 10.200.0.1)

printf '%-34s %12s %12s %8s %8s %s\n' metric knetctl reference ratio goal verdict
row() { local r; r=$(ratio "$2" "$3"); printf '%-34s %12s %12s %8s %8s %s\n' "$1" "$2" "$3" "$r" "<=$4" "$(verdict "$r" "$4")"; }
row "ADD+DEL cycle median (ms)" "$k_cyc" "$r_cyc" 0.1
row "20 parallel ADDs wall (ms)" "$k_par" "$r_par" 0.2
row "peak RSS of one ADD (KiB)" "$k_rss" "$r_rss" 0.5
row "ADD in 99%-full /16 (ms)" "$k_full" "$r_full" 0.1
full_vs_empty=$(ratio "$k_full" "$k_empty")
printf '%-34s %12s %12s %8s %8s %s\n' "99%-full / empty, knetctl" "$k_full/$k_empty" "$r_full/$r_empty" "$full_vs_empty" "<=2" "$(verdict "$full_vs_empty" 2)"
echo
echo "ADD+DEL p90 (ms): knetctl $k_cyc90, reference $r_cyc90"
echo "parallel duplicates: knetctl $k_dup (failures $k_fail), reference $r_dup (failures $r_fail)"
echo "empty /16 ADD (ms): knetctl $k_empty, reference $r_empty; reference 99%-full/empty: $(ratio "$r_full" "$r_empty")"
echo "first (cold) ADD in the 99%-full /16 (ms): knetctl $k_full1 (reads the directory, writes its index), reference $r_full1"
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (the machine is shared: ratios are what counts)"
