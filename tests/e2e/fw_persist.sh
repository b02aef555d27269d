#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# knetctl fw fix|check on the persisted rulesets (/etc/sysconfig/iptables, ip6tables)
# under --root, run inside an empty namespace of the test (nothing live to change).
source "$(dirname "$0")/../lib/assert.sh"
TD=$KNETCTL_SRC/testdata/iptables

setup() {
  sandbox_create || exit 1
  ROOT=$(mktemp -d)
  mkdir -p "$ROOT/etc/sysconfig"
  F=$ROOT/etc/sysconfig/iptables
  F6=$ROOT/etc/sysconfig/ip6tables
  trap 'sandbox_destroy; rm -rf "$ROOT"' EXIT
}
fix() { "$KNETCTL_BIN" fw fix --netns "$SB_NODE_NS" --root "$ROOT" "$@"; }
check() { "$KNETCTL_BIN" fw check --netns "$SB_NODE_NS" --root "$ROOT" "$@"; }

# expected FILE FAMILY: an independent model of the edit (python, byte-exact): drop lines
# inside *filter that are exactly "[counters] -A INPUT|FORWARD -j REJECT --reject-with T".
expected() {
  python3 - "$1" "$2" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
kind = b'icmp6-adm-prohibited' if sys.argv[2] == '6' else b'icmp-host-prohibited'
rule = re.compile(rb'^\s*(\[\d+:\d+\]\s+)?-A\s+(INPUT|FORWARD)\s+-j\s+REJECT\s+--reject-with\s+' + kind + rb'\s*$')
out, table = [], None
for line in data.splitlines(keepends=True):
    body = line.rstrip(b'\r\n').strip()
    if body.startswith(b'*'): table = body[1:]
    elif body == b'COMMIT': table = None
    elif table == b'filter' and rule.match(body): continue
    out.append(line)
sys.stdout.buffer.write(b''.join(out))
PY
}

# edit_case TESTDATA FAMILY REMOVED: fix edits the copy exactly as the model says, keeps
# a backup, and a second run writes nothing.
edit_case() {
  local src=$TD/$1 family=$2 removed=$3 target=$F
  [ "$family" = 6 ] && target=$F6
  cp "$src" "$target"
  assert_status 1 check --family "$family" -o json
  assert_eq "$removed" "$(json_get "$OUT" '.persisted | length')" "persisted findings in $1"
  assert_status 0 fix --family "$family" -o json
  assert_eq true "$(json_get "$OUT" .changed)" "changed for $1"
  assert_eq "$removed" "$(json_get "$OUT" '.actions | length')" "actions for $1"
  cmp -s <(expected "$src" "$family") "$target" || fail "$1 after fix differs from the model: $(diff <(expected "$src" "$family") "$target" | head -5)"
  cmp -s "$src" "$target.bak" || fail "backup of $1 is not the original"
  local mtime; mtime=$(stat -c %Y.%i "$target")
  assert_status 0 fix --family "$family" -o json
  assert_eq false "$(json_get "$OUT" .changed)" "changed on the second run for $1"
  assert_eq "$mtime" "$(stat -c %Y.%i "$target")" "file rewritten on the second run for $1"
  assert_status 0 check --family "$family"
}

test_centos_default() { setup; edit_case centos7-iptables 4 2; }
test_centos_default_ip6tables() { setup; edit_case centos7-ip6tables 6 2; }
test_kube_and_docker_chains() { setup; edit_case kube-docker.iptables 4 2; grep -q -- '-A INPUT -p udp -j REJECT' "$F" || fail "rule with a match removed"; }
test_several_tables() { setup; edit_case several-tables.iptables 4 2; grep -q '^-A FORWARD -j REJECT --reject-with icmp-host-prohibited$' "$F" || fail "mangle FORWARD REJECT removed"; }
test_no_trailing_newline() { setup; edit_case centos7-iptables-no-eol 4 2; assert_eq T "$(tail -c 1 "$F")" "last byte"; }
test_crlf() { setup; edit_case centos7-iptables-crlf 4 2; assert_eq 12 "$(grep -c $'\r$' "$F")" "CRLF lines kept"; }

test_check_reports_file_and_line() {
  setup
  cp "$TD/centos7-iptables" "$F"
  assert_status 1 check
  assert_contains "$OUT" "persisted: $F:12: -A INPUT -j REJECT --reject-with icmp-host-prohibited"
  assert_contains "$OUT" "persisted: $F:13: -A FORWARD -j REJECT --reject-with icmp-host-prohibited"
  assert_status 1 check -o json
  assert_eq "12 13" "$(json_get "$OUT" '[.persisted[].line] | map(tostring) | join(" ")')" "lines"
}

test_mode_and_owner_kept() {
  setup
  cp "$TD/centos7-iptables" "$F"
  chmod 0600 "$F"
  chown 123:456 "$F"
  assert_status 0 fix
  assert_eq "600 123:456" "$(stat -c '%a %u:%g' "$F")" "mode and owner after fix"
  assert_eq "600 123:456" "$(stat -c '%a %u:%g' "$F.bak")" "mode and owner of the backup"
}

test_missing_file_is_reported_not_created() {
  setup
  assert_status 0 fix --family all -o json
  assert_eq false "$(json_get "$OUT" .changed)" "changed"
  assert_eq "false false" "$(json_get "$OUT" '[.files[].exists] | map(tostring) | join(" ")')" "exists fields"
  assert_contains "$(json_get "$OUT" '.warnings | join(";")')" "$F does not exist"
  [ -e "$F" ] && fail "$F was created"
  [ -e "$F6" ] && fail "$F6 was created"
  assert_status 0 check
}

test_file_override_and_dry_run() {
  setup
  mkdir -p "$ROOT/srv"
  cp "$TD/centos7-iptables" "$ROOT/srv/rules.v4"
  assert_status 0 fix --file /srv/rules.v4 --dry-run -o json
  assert_eq true "$(json_get "$OUT" .changed)" "dry-run changed"
  assert_eq true "$(json_get "$OUT" .dry_run)" "dry_run field"
  cmp -s "$TD/centos7-iptables" "$ROOT/srv/rules.v4" || fail "--dry-run modified the file"
  [ -e "$ROOT/srv/rules.v4.bak" ] && fail "--dry-run wrote a backup"
  assert_status 0 fix --file /srv/rules.v4
  cmp -s <(expected "$TD/centos7-iptables" 4) "$ROOT/srv/rules.v4" || fail "--file not edited"
}

test_unreadable_path_is_an_error() {
  setup
  mkdir "$F"
  assert_status 2 fix -o json
  assert_eq true "$(json_get "$OUT" .failed)" "failed field"
}

# Without a service manager (no /run/systemd/system) firewalld's state is "unknown", and
# --disable-firewalld says it cannot act instead of guessing.
test_firewalld_state_is_not_guessed() {
  setup
  cp "$TD/centos7-iptables" "$F"
  assert_status 0 fix --disable-firewalld --dry-run -o json
  if [ -d /run/systemd/system ]; then
    assert_not_contains "$(json_get "$OUT" .firewalld)" "unknown" "firewalld state with systemd running"
  else
    assert_eq unknown "$(json_get "$OUT" .firewalld)" "firewalld state without a service manager"
    assert_contains "$(json_get "$OUT" '.warnings | join(";")')" "cannot disable firewalld: no service manager"
  fi
  # Under a foreign --root the host's systemd is never asked.
  assert_eq unknown "$(json_get "$(check -o json)" .firewalld)" "firewalld state under --root"
}

# kill -9 at random moments of the write: the file is always either the old or the new
# content, never truncated, never missing.
test_kill_during_write_never_leaves_partial_file() {
  setup
  python3 - "$TD/centos7-iptables" > "$ROOT/big" <<'PY'
import sys
src = open(sys.argv[1]).read().splitlines(keepends=True)
head, tail = src[:11], src[11:]
body = ''.join('-A INPUT -s 10.%d.%d.%d/32 -p tcp -m tcp --dport 443 -j ACCEPT\n' % (i >> 16, (i >> 8) & 255, i & 255) for i in range(400000))
sys.stdout.write(''.join(head) + body + ''.join(tail))
PY
  local old new i delay killed=0 intact=0 done_=0 h
  old=$(sha256sum < "$ROOT/big")
  new=$(expected "$ROOT/big" 4 | sha256sum)
  for i in $(seq 1 25); do
    cp "$ROOT/big" "$F"
    rm -f "$F.bak"
    fix >/dev/null 2>&1 &
    local pid=$!
    delay=$(printf '0.%03d' $((RANDOM % 250)))
    sleep "$delay"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    [ $? = 137 ] && killed=$((killed + 1))
    rm -f "$ROOT"/etc/sysconfig/.iptables.tmp*
    [ -e "$F" ] || { fail "file missing after kill at ${delay}s"; break; }
    h=$(sha256sum < "$F")
    if [ "$h" = "$old" ]; then intact=$((intact + 1))
    elif [ "$h" = "$new" ]; then done_=$((done_ + 1))
    else fail "partial file after kill at ${delay}s ($(wc -c < "$F") bytes)"; break
    fi
  done
  echo "    (killed $killed of 25 runs: $intact left the old file, $done_ the new one)"
  [ "$killed" -gt 0 ] || fail "no run was killed: the loop tested nothing"
  [ $((intact + done_)) -eq 25 ] || fail "not every run ended in old or new content"
}

run_tests
