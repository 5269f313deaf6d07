# Sourced by the setup scripts: installs Debian packages quietly, through sudo when not root.

# as_root <command>...: runs it as root (directly, or through sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install <who is asking> <package>...: exits 1 with a message when this user cannot install.
apt_install() {
  local who=$1
  shift
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "$who: $* is missing and this user cannot apt-get install it" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "$@" >/dev/null
}
