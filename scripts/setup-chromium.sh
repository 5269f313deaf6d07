#!/usr/bin/env bash
# Finds or installs Debian's Chromium for the approval-page tests (test/server/approvalPage.test.ts drives it through
# playwright-core at /usr/bin/chromium). Playwright's own browser download cannot be used here: only the
# package registries are reachable, and Debian's archive is one of them. Does nothing when it is there.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then
  echo "chromium: ${CHROMIUM_PATH} (from CHROMIUM_PATH)"
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-chromium: /usr/bin/chromium is missing and this user cannot apt-get install it" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
echo "chromium: $(/usr/bin/chromium --version)"
