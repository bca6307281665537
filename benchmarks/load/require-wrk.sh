# Sourced by benchmarks/run-load.sh and benchmarks/run-soak.sh: installs wrk (the Debian
# package) if it is missing and this is a root shell with apt-get, or stops with a hint.
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing wrk (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed: install it (Debian/Ubuntu: apt-get install wrk)" >&2
    exit 1
  fi
fi
