#!/usr/bin/env bash
# Finds or installs Debian's Chromium for the approval-page tests (test/e2e/approvalPage.test.ts drives it through
# playwright-core at /usr/bin/chromium). Playwright's own browser download cannot be used here: only the
# package registries are reachable, and Debian's archive is one of them. Does nothing when it is there.
set -euo pipefail
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then
  echo "chromium: ${CHROMIUM_PATH} (from CHROMIUM_PATH)"
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

apt_install setup-chromium chromium
echo "chromium: $(/usr/bin/chromium --version)"
