#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The man page (packaging/man/knetctl.8) and the bash completion
# (packaging/completion/knetctl) against the real binary: every command of the issue
# exists in `knetctl --help`, and every option that `knetctl GROUP VERB --help` lists is
# documented in that command's man section and offered by the completion. The man page
# renders without warnings; the completion completes values.
source "$(dirname "$0")/../lib/assert.sh"

MAN_SRC=$KNETCTL_SRC/packaging/man/knetctl.8
COMPLETION=$KNETCTL_SRC/packaging/completion/knetctl
# The commands the project promises (DESIGN.md, the issues).
COMMANDS=("shim up" "shim down" "shim status" "cni add" "cni del" "cni check" "cni gc"
  "cni status" "fw fix" "fw check" "proxy check" "doctor")
GLOBAL_OPTS=(--output --dry-run --root --netns --verbose --help --version)

# help_subcommands ARGS...: the subcommand names `knetctl ARGS --help` lists.
help_subcommands() {
  "$KNETCTL_BIN" "$@" --help 2>/dev/null |
    awk '/^Subcommands:/ {s = 1; next} /^[^ ]/ {s = 0} s && /^  [a-z]/ {print $1}'
}
# help_options ARGS...: the long options `knetctl ARGS --help` lists.
help_options() {
  "$KNETCTL_BIN" "$@" --help 2>/dev/null |
    awk '/^(Options|OPTIONS):/ {s = 1; next} /^[^ ]/ {s = 0} s && /^ +-/ {print $1}' |
    grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u
}

# man_text: the page rendered as plain text, wide enough that no option is broken.
man_text() { MANWIDTH=1000 man -l "$MAN_SRC" 2>/dev/null; }
# man_section TEXT "GROUP VERB": the text of the man subsection documenting that command
# (its header "knetctl GROUP V1|V2..." lists the verb).
man_section() {
  local text=$1 group=${2% *} verb=${2#* }
  [ "$group" = "$2" ] && verb=""
  awk -v g="$group" -v v="$verb" '
    /^   knetctl / {
      n = split($3, verbs, "|"); s = 0
      if ($2 == g) { if (v == "") s = 1; else for (i = 1; i <= n; i++) if (verbs[i] == v) s = 1 }
      next
    }
    /^[A-Z]/ { s = 0 }
    s { print }' <<<"$text"
}

test_man_renders_without_warnings() {
  local warn
  warn=$(MANWIDTH=80 man --warnings -l "$MAN_SRC" 2>&1 >/dev/null)
  assert_eq "" "$warn" "man --warnings"
  warn=$(groff -man -ww -z "$MAN_SRC" 2>&1)
  assert_eq "" "$warn" "groff -ww"
  local text; text=$(man_text)
  for s in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "CNI PLUGIN" "JSON OUTPUT" \
    "EXIT STATUS" FILES ENVIRONMENT EXAMPLES "SEE ALSO"; do
    grep -qx "$s" <<<"$text" || fail "man page lacks the section $s"
  done
}

test_every_command_exists_and_is_documented() {
  local text; text=$(man_text)
  local c group verb subs
  for c in "${COMMANDS[@]}"; do
    group=${c% *} verb=${c#* }
    subs=$(help_subcommands)
    grep -qx "$group" <<<"$subs" || { fail "knetctl --help lists no '$group' command"; continue; }
    if [ "$verb" != "$c" ]; then
      grep -qx "$verb" <<<"$(help_subcommands "$group")" || fail "knetctl $group --help lists no '$verb'"
    fi
    [ -n "$(man_section "$text" "$c")" ] || fail "man page has no section for 'knetctl $c'"
  done
  # And the binary has no command the man page does not know.
  for group in $(help_subcommands); do
    for verb in $(help_subcommands "$group"); do
      printf '%s\n' "${COMMANDS[@]}" | grep -qx "$group $verb" ||
        fail "knetctl $group $verb is not in the documented command list"
    done
  done
}

test_every_option_is_in_its_man_section() {
  local text; text=$(man_text)
  local c opt section
  for opt in "${GLOBAL_OPTS[@]}"; do
    grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<<"$text" || fail "man page lacks global option $opt"
  done
  for c in "${COMMANDS[@]}"; do
    section=$(man_section "$text" "$c")
    # shellcheck disable=SC2086
    for opt in $(help_options $c); do
      printf '%s\n' "${GLOBAL_OPTS[@]}" | grep -qx -- "$opt" && continue
      grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<<"$section" ||
        fail "man section of 'knetctl $c' does not document $opt (knetctl $c --help lists it)"
    done
  done
}

# complete_words MODE WORDS...: COMPREPLY of the knetctl completion for the command line
# WORDS (the last one being completed), in a fresh bash; MODE "bc" loads bash-completion.
complete_words() {
  local mode=$1; shift
  bash --norc --noprofile -c '
    mode=$1; shift
    if [ "$mode" = bc ]; then
      source /usr/share/bash-completion/bash_completion || exit 3
    fi
    source "$COMPLETION" || exit 3
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _knetctl knetctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' complete "$mode" "$@"
}

test_completion_offers_every_command_and_option() {
  export COMPLETION
  [ -f /usr/share/bash-completion/bash_completion ] ||
    { fail "bash-completion is not installed (scripts/deps installs it)"; return; }
  local mode c group verb got opt
  for mode in bc plain; do
    got=$(complete_words $mode knetctl "")
    for group in shim cni fw proxy doctor; do
      grep -qx "$group" <<<"$got" || fail "[$mode] 'knetctl <TAB>' does not offer $group"
    done
    for c in "${COMMANDS[@]}"; do
      group=${c% *} verb=${c#* }
      if [ "$verb" != "$c" ]; then
        got=$(complete_words $mode knetctl "$group" "")
        grep -qx "$verb" <<<"$got" || fail "[$mode] 'knetctl $group <TAB>' does not offer $verb"
        got=$(complete_words $mode knetctl -o json "$group" "$verb" --)
      else
        got=$(complete_words $mode knetctl "$group" --)
      fi
      # shellcheck disable=SC2086
      for opt in $(help_options $c) --output --dry-run --root --netns; do
        [ "$opt" = --help ] || [ "$opt" = --version ] && continue
        grep -qx -- "$opt" <<<"$got" || fail "[$mode] 'knetctl $c --<TAB>' does not offer $opt"
      done
    done
    got=$(complete_words $mode knetctl shim up -o "")
    assert_eq "text json" "$(echo $got)" "[$mode] values of -o"
    got=$(complete_words $mode knetctl shim up --persist "")
    assert_eq "auto ifcfg networkd nm none" "$(echo $got)" "[$mode] values of --persist"
    got=$(complete_words $mode knetctl fw fix --backend "")
    assert_eq "auto legacy nft" "$(echo $got)" "[$mode] values of --backend"
    got=$(complete_words $mode knetctl fw fix --fa)
    assert_eq "--family" "$(echo $got)" "[$mode] completion of --fa"
  done
}

run_tests
