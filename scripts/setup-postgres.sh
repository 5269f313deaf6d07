#!/usr/bin/env bash
# Finds or installs Debian's PostgreSQL server binaries for the snapshot store's PostgreSQL tests
# (test/store starts a throwaway cluster on loopback from them: initdb into a temp folder, pg_ctl start).
# Nothing is started here and no system cluster is used. Does nothing when initdb is already there.
set -euo pipefail
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"

find_initdb() {
  if [ -n "${IDFLOW_PG_BIN:-}" ] && [ -x "${IDFLOW_PG_BIN}/initdb" ]; then echo "${IDFLOW_PG_BIN}/initdb"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ]; then echo "$found"; return; fi
  command -v initdb 2>/dev/null || true
}

initdb_path=$(find_initdb)
if [ -z "$initdb_path" ]; then
  # The package's own cluster is not wanted (tests make their own): stop it if the install started one.
  apt_install setup-postgres postgresql
  as_root service postgresql stop >/dev/null 2>&1 || true
  initdb_path=$(find_initdb)
fi
echo "postgresql: $("$initdb_path" --version)"
