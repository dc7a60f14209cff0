#!/bin/sh
# Prints the directory of SQLite's release (sqlite-autoconf-3520000: the
# amalgamation sqlite3.c, the shell shell.c and a configure script), after
# downloading it once into a cache outside the repository.
#
#   scripts/fetch-sqlite.sh          -> ~/.cache/switchguard/sqlite-autoconf-3520000
#
# SQLite's release comes inside the npm package sqlite3@6.0.1
# (package/deps/sqlite-autoconf-3520000.tar.gz), fetched with npm's own
# client; Debian packages carry no copy of it. The cache is
# $SWITCHGUARD_CACHE, else $XDG_CACHE_HOME/switchguard, else
# ~/.cache/switchguard. The tarball is checked against its SHA-256. If the
# registry cannot be reached this says so on stderr and fails: a test that
# needs SQLite then fails, it never passes without it.
set -eu
cache=${SWITCHGUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchguard}
pkg=sqlite3@6.0.1
name=sqlite-autoconf-3520000
sha256=f6b50b0c103392af32a8be15b2b9d25959de9a00a70c3979128aafeaa5338b3f
dir="$cache/$name"

fail() {
  echo "fetch-sqlite: $*" >&2
  exit 1
}

ready() { [ -f "$dir/.complete" ] && [ -f "$dir/sqlite3.c" ]; }

if ready; then
  echo "$dir"
  exit 0
fi
mkdir -p "$cache" || fail "cannot create the cache directory $cache"
# One download at a time (the LLVM 19 and 22 suites may run together).
exec 9>"$cache/.fetch-sqlite.lock"
flock 9
if ready; then
  echo "$dir"
  exit 0
fi
command -v npm >/dev/null ||
  fail "npm is not installed; it fetches $pkg (run scripts/install-deps.sh)"
work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-sqlite: downloading $pkg with npm into $cache" >&2
if ! (cd "$work" && timeout 300 npm pack "$pkg" --loglevel=error >npm.out 2>npm.err); then
  grep -m 3 -E 'npm error (code|FetchError|[a-z]+ )' "$work/npm.err" | sed 's/^/  /' >&2
  fail "cannot download $pkg from the npm registry" \
    "($(npm config get registry 2>/dev/null || echo '?')): is it reachable?"
fi
tgz=$(ls "$work"/sqlite3-*.tgz 2>/dev/null | head -n 1)
[ -n "$tgz" ] || fail "npm pack $pkg produced no tarball"
tar --no-same-owner -xzf "$tgz" -C "$work" "package/deps/$name.tar.gz" ||
  fail "$pkg has no package/deps/$name.tar.gz"
got=$(sha256sum "$work/package/deps/$name.tar.gz" | cut -d' ' -f1)
[ "$got" = "$sha256" ] ||
  fail "$name.tar.gz has SHA-256 $got, expected $sha256"
tar --no-same-owner -xzf "$work/package/deps/$name.tar.gz" -C "$work" ||
  fail "cannot unpack $name.tar.gz"
touch "$work/$name/.complete"
rm -rf "$dir"
mv "$work/$name" "$dir"
echo "$dir"
