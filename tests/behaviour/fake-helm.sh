#!/bin/sh
# The helm of the behaviour comparison (compare.sh): answers `version` as helm $FAKE_HELM_VERSION,
# `list` with no releases, `status` with "not found", and records every other call's argv in
# $FAKE_HELM_LOG (one line per call, arguments tab-separated) without doing anything, so the
# argv helm-panda builds is compared too.
case ${1:-} in
version) echo "v${FAKE_HELM_VERSION:-4.1.4}"; exit 0 ;;
list) echo "[]"; exit 0 ;;
status) echo "Error: release: not found" >&2; exit 1 ;;
esac
printf '%s' "helm" >>"${FAKE_HELM_LOG:?}"
for a in "$@"; do printf '\t%s' "$a" >>"$FAKE_HELM_LOG"; done
printf '\n' >>"$FAKE_HELM_LOG"
