#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A tiny assertion library for the end-to-end suites. Each suite sources it, defines
# test_* functions and calls run_tests; the summary line is "N passed, N failed".
set -u
: "${KNETCTL_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${KNETCTL_BUILD:=$KNETCTL_SRC/build}"
: "${KNETCTL_BIN:=$KNETCTL_BUILD/cmd/knetctl/knetctl}"
export KNETCTL_SRC KNETCTL_BUILD KNETCTL_BIN
source "$KNETCTL_SRC/tests/lib/sandbox.sh"

_T_FAILED=0
_T_CUR=""
fail() { echo "    FAIL [$_T_CUR]: $*" >&2; _T_FAILED=1; }

# assert_eq EXPECTED ACTUAL [what]
assert_eq() { [ "$1" == "$2" ] || fail "${3:-value}: expected <$1>, got <$2>"; }
# assert_contains HAYSTACK NEEDLE [what]
assert_contains() { [[ "$1" == *"$2"* ]] || fail "${3:-output} does not contain <$2>: <$1>"; }
assert_not_contains() { [[ "$1" != *"$2"* ]] || fail "${3:-output} contains <$2>: <$1>"; }
# assert_status EXPECTED CMD...: runs CMD, checks its exit status; output in $OUT/$ERR.
assert_status() {
  local want=$1; shift
  local errf; errf=$(mktemp)
  OUT=$("$@" 2>"$errf"); local rc=$?
  ERR=$(cat "$errf"); rm -f "$errf"
  [ "$rc" = "$want" ] || fail "exit status of '$*': expected $want, got $rc; stdout: $OUT; stderr: $ERR"
  return 0
}
# json_get JSON JQ-EXPR
json_get() { local j=$1; shift; printf "%s" "$j" | jq -r "$@"; }

run_tests() {
  command -v jq >/dev/null || { echo "jq is not installed (scripts/deps installs it)" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "this suite needs root" >&2; exit 1; }
  [ -x "$KNETCTL_BIN" ] || { echo "knetctl binary not found at $KNETCTL_BIN" >&2; exit 1; }
  local passed=0 failed=0 t
  for t in $(declare -F | awk '{print $3}' | grep '^test_' ); do
    if [ -n "${ONLY:-}" ] && [[ "$t" != *"$ONLY"* ]]; then continue; fi
    _T_CUR=$t _T_FAILED=0
    echo "--- $t"
    # Each test runs in a subshell (its traps and variables stay there); fail() marks
    # the subshell, which reports through its exit status.
    if ( "$t"; exit "$_T_FAILED" ); then passed=$((passed+1)); echo "    ok"; else failed=$((failed+1)); fi
  done
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
