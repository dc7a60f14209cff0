#!/bin/sh
# Installs the Debian packages switchguard needs for LLVM $1 (default 19),
# and only those that are missing: run it as often as you like.
#   scripts/install-deps.sh [19|22] [extra packages...]
set -eu
llvm=${1:-19}
[ $# -gt 0 ] && shift
pkgs="clang-$llvm llvm-$llvm-dev libclang-$llvm-dev llvm-$llvm-tools
      libclang-rt-$llvm-dev
      cmake make gcc binutils python3 libdw-dev libelf-dev libpcl1-dev
      libst-dev libboost-context-dev $*"
# asio and Boost.Asio (header-only): the C++20 coroutine tests (test/cxx20).
pkgs="$pkgs libasio-dev libboost-dev"
# libdw's compression libraries, for programs linked with -static.
pkgs="$pkgs zlib1g-dev liblzma-dev libbz2-dev"
# systemtap-sdt-dev: <sys/sdt.h> for the runtime's USDT probes; bpftrace
# attaches to them in test/integration (where the kernel lets it).
pkgs="$pkgs systemtap-sdt-dev bpftrace"
# valgrind: test/lifetime's abort under memcheck. python3-psutil: lit's
# per-test time limit (scripts/run-lit.sh), so a hung test cannot hang CI.
pkgs="$pkgs valgrind python3-psutil"
# npm fetches SQLite's release for the reliability tests (scripts/fetch-sqlite.sh);
# a Node.js that already brings its own npm is kept as it is.
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
find_missing() {
  missing=
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
      missing="$missing $p"
  done
}
find_missing
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "switchguard: not root; run: sudo apt-get install$missing" >&2
  exit 1
fi
# Tests install what they alone need (chromium, pkg-config) and run in
# parallel: one apt at a time, and nothing installed twice.
exec 9>/var/lock/switchguard-install-deps.lock
flock 9
find_missing
[ -z "$missing" ] && exit 0
echo "switchguard: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
