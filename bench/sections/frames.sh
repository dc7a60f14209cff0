# bench/run.sh section: what keeping every frame costs a program at run
# time. Sourced by run.sh, whose helpers (say, budget, calc, spread, ...)
# and variables it uses.
progress "frame keeping (SQLite at run time)"
say "## Keeping every frame: SQLite at run time"
say
sqlite=$(scripts/fetch-sqlite.sh)
say "By default the program's functions make no sibling calls, so that a"
say "blocked stack shows every frame (a call in tail position stays a call)."
say "That is the one change the plugin makes to code that uses no coroutine"
say "library. SQLite's shell (\`sqlite3.c\` and \`shell.c\`, \`-O2\`) runs a fixed"
say "in-memory workload (\`bench/sql/frames_workload.sql\`: 100,000 inserts, an"
say "index, scans, a group by, an update, a delete), built three ways:"
say "plain clang, \`switchguard-cc\` (its defaults), and \`switchguard-cc"
say "-fplugin-arg-switchguard-sibling-calls\` (the same without frame"
say "keeping). Instructions of the whole run from callgrind (exact; the"
say "workload has no randomness); CPU time, $RUNS runs of each, alternating."
say
sq_flags="-O2 -gdwarf-4 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION"
"$clang" $sq_flags "$sqlite/sqlite3.c" "$sqlite/shell.c" -lm -o "$out/sqlite.plain"
"$swgcc" $sq_flags "$sqlite/sqlite3.c" "$sqlite/shell.c" -lm -o "$out/sqlite.frames"
"$swgcc" -fplugin-arg-switchguard-sibling-calls $sq_flags "$sqlite/sqlite3.c" \
  "$sqlite/shell.c" -lm -o "$out/sqlite.sibling"
sql=bench/sql/frames_workload.sql
whole() { # instructions of one run of a build on the workload
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" <"$sql" 2>&1 >/dev/null |
    sed -n 's/.*refs: *//p' | tr -d ,
}
cpu1() { # CPU seconds of one run
  local TIMEFORMAT="%3U %3S"
  { time "$1" <"$sql" >/dev/null; } 2>"$out/time"
  awk '{printf "%.3f\n", $1 + $2}' "$out/time"
}
: >"$out/fp"; : >"$out/ff"; : >"$out/fs"
for i in $(seq $RUNS); do
  cpu1 "$out/sqlite.plain" >>"$out/fp"
  cpu1 "$out/sqlite.frames" >>"$out/ff"
  cpu1 "$out/sqlite.sibling" >>"$out/fs"
done
ip=$(whole "$out/sqlite.plain"); if_=$(whole "$out/sqlite.frames"); is=$(whole "$out/sqlite.sibling")
frames_pct=$(calc "%+.2f%%" "($if_ / $ip - 1) * 100")
say "| build | instructions | vs plain | CPU s (median, min, max) | .text |"
say "|---|---|---|---|---|"
say "| clang -O2 | $ip | | $(spread "$out/fp") | $(size "$out/sqlite.plain" | awk 'NR==2 {print $1}') |"
say "| switchguard-cc -O2 (frames kept) | $if_ | $frames_pct | $(spread "$out/ff") | $(size "$out/sqlite.frames" | awk 'NR==2 {print $1}') |"
say "| switchguard-cc -O2, sibling calls allowed | $is | $(calc "%+.2f%%" "($is / $ip - 1) * 100") | $(spread "$out/fs") | $(size "$out/sqlite.sibling" | awk 'NR==2 {print $1}') |"
say
say "The .text sizes include switchguard's runtime, which the wrapper links"
say "in; the instructions are SQLite's and the shell's, the runtime doing"
say "nothing in a program that never switches."
say
say '```sh'
say "d=\$(scripts/fetch-sqlite.sh)"
say "$build/bin/switchguard-cc $sq_flags \$d/sqlite3.c \$d/shell.c -lm -o sq"
say "valgrind --tool=callgrind --callgrind-out-file=/dev/null ./sq < $sql"
say '```'
say
budget "| keeping every frame (no sibling calls), SQLite at run time | $frames_pct instructions | counted in the switch and spawn figures (every program above is built so) | measured |"
