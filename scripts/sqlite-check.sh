#!/bin/sh
# Builds SQLite's release with and without switchguard and checks that its
# shell gives the same output for a scripted SQL session
# (test/reliability/Inputs/sqlite/script.sql): the plugin never breaks a
# build or the program built.
#
#   scripts/sqlite-check.sh CLANG SWGCC OUTDIR CONFIG...
#
#   CLANG   plain clang, e.g. /usr/lib/llvm-19/bin/clang
#   SWGCC   the wrapper with its arguments, e.g.
#           "build/bin/switchguard-cc -fplugin-arg-switchguard-verify"
#   CONFIG  HOW:OPT[:g]   HOW is `direct` (clang on sqlite3.c and shell.c,
#           the two compiled side by side) or `configure` (SQLite's own
#           configure script with CC=..., then make sqlite3); OPT an -O
#           level; `g` adds -g. For example: direct:-O2 configure:-O3:g
#
# The switchguard build also links the runtime in (-u __swg_abi_v2), so
# its start-up code runs inside SQLite's shell too. SQLite comes from
# scripts/fetch-sqlite.sh (downloaded once into ~/.cache/switchguard); if
# it cannot be fetched, this fails saying why. Prints one line per config
# and ends with "sqlite-check: N configs identical" or fails.
set -eu
[ $# -ge 4 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
clang=$1 swgcc=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../test/reliability/Inputs/sqlite/script.sql"
src=$("$here/fetch-sqlite.sh") || {
  echo "sqlite-check: FAILED: SQLite's release is not available (see above)" >&2
  exit 1
}
# The feature flags SQLite's configure gives its shell (without readline
# and zlib, which the output does not depend on).
features="-DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_PERCENTILE
  -DSQLITE_THREADSAFE=1 -DSQLITE_DQS=0 -DSQLITE_ENABLE_BYTECODE_VTAB
  -DSQLITE_ENABLE_DBPAGE_VTAB -DSQLITE_ENABLE_DBSTAT_VTAB
  -DSQLITE_ENABLE_EXPLAIN_COMMENTS -DSQLITE_ENABLE_FTS4
  -DSQLITE_ENABLE_OFFSET_SQL_FUNC -DSQLITE_ENABLE_RTREE
  -DSQLITE_ENABLE_STMTVTAB -DSQLITE_ENABLE_UNKNOWN_SQL_FUNCTION
  -DSQLITE_STRICT_SUBTYPE=1"

fail() {
  echo "sqlite-check: FAILED: $*" >&2
  exit 1
}

# build KIND CC DIR HOW FLAGS: the shell as DIR/sqlite3, the log in
# DIR/build.log. (sh has no locals: its variables are b_*.)
build() {
  b_kind=$1 b_cc=$2 b_dir=$3 b_how=$4 b_flags=$5
  b_link=
  [ "$b_kind" = swg ] && b_link="-Wl,-u,__swg_abi_v2"
  rm -rf "$b_dir" && mkdir -p "$b_dir"
  case $b_how in
  direct)
    # shellcheck disable=SC2086
    $b_cc $b_flags $features -I"$src" -c "$src/sqlite3.c" \
      -o "$b_dir/sqlite3.o" >"$b_dir/build.log" 2>&1 &
    b_pid=$!
    # shellcheck disable=SC2086
    $b_cc $b_flags $features -I"$src" -c "$src/shell.c" \
      -o "$b_dir/shell.o" >"$b_dir/shell.log" 2>&1 || return 1
    wait $b_pid || return 1
    cat "$b_dir/shell.log" >>"$b_dir/build.log"
    # shellcheck disable=SC2086
    $b_cc $b_flags "$b_dir/shell.o" "$b_dir/sqlite3.o" $b_link -lm -lpthread \
      -o "$b_dir/sqlite3" >>"$b_dir/build.log" 2>&1
    ;;
  configure)
    (cd "$b_dir" && "$src/configure" CC="$b_cc" CFLAGS="$b_flags" \
      LDFLAGS="$b_link" --disable-shared >build.log 2>&1 &&
      make sqlite3 >>build.log 2>&1)
    ;;
  *) fail "unknown way to build '$b_how' (direct or configure)" ;;
  esac
}

n=0
for config in "$@"; do
  how=${config%%:*}
  rest=${config#*:}
  opt=${rest%%:*}
  flags=$opt
  case $rest in *:g) flags="$opt -g" ;; esac
  dir="$out/$how$(echo "$flags" | tr -d ' ')"
  start=$(date +%s)
  # The two builds side by side: one core each.
  build plain "$clang" "$dir/plain" "$how" "$flags" &
  plain_pid=$!
  build swg "$swgcc" "$dir/swg" "$how" "$flags" || {
    tail -n 20 "$dir/swg/build.log" >&2
    fail "$config: the build with switchguard failed ($dir/swg/build.log)"
  }
  wait $plain_pid || {
    tail -n 20 "$dir/plain/build.log" >&2
    fail "$config: the plain build failed ($dir/plain/build.log)"
  }
  built=$(date +%s)
  for kind in plain swg; do
    status=0
    (cd "$dir/$kind" && ./sqlite3 :memory: <"$script" >out.txt 2>&1) || status=$?
    echo "exit status $status" >>"$dir/$kind/out.txt"
  done
  grep -q '^end of script$' "$dir/plain/out.txt" ||
    fail "$config: the plain shell did not run the script to its end ($dir/plain/out.txt)"
  if ! cmp -s "$dir/plain/out.txt" "$dir/swg/out.txt"; then
    diff -u "$dir/plain/out.txt" "$dir/swg/out.txt" | head -n 40 >&2
    fail "$config: the output with switchguard differs ($dir/*/out.txt)"
  fi
  lines=$(wc -l <"$dir/swg/out.txt")
  echo "sqlite-check: $config ($how, $flags): identical, $lines lines;" \
    "built in $((built - start)) s"
  n=$((n + 1))
done
echo "sqlite-check: $n configs identical"
