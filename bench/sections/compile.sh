# bench/run.sh section: compile time. Sourced by run.sh, whose helpers
# (say, budget, calc, list, ...) and variables it uses.
# BENCH_CALLGRIND=1 adds exact instruction counts at -O0 (valgrind, about
# three minutes a compile).
progress "compile time (SQLite)"
say "## Compile time and code size: the SQLite amalgamation"
say
sqlite=$(scripts/fetch-sqlite.sh)
say "\`sqlite3.c\` ($(wc -l <"$sqlite/sqlite3.c") lines, SQLite's release from"
say "\`npm pack sqlite3@6.0.1\`, cached outside the repository by"
say "\`scripts/fetch-sqlite.sh\`), \`-c\` with and without \`-fplugin\`, runs"
say "alternating (five at each level); user+system CPU seconds. The ratio is"
say "the median of each alternating pair's ratio: a run the VM slowed or sped"
say "up moves one pair, not the figure."
say
say "| level | plain (s) | with the plugin (s) | ratio (median of pairs) | .text plain | .text with the plugin |"
say "|---|---|---|---|---|---|"
cpu() { # the CPU seconds (user + system) of one command
  local TIMEFORMAT="%3U %3S"
  { time "$@" 2>/dev/null; } 2>"$out/time"
  awk '{printf "%.2f\n", $1 + $2}' "$out/time"
}
list() { tr '\n' ' ' <"$1" | sed 's/ $//;s/ /, /g'; }
# side_by_side N: runs plain_cmd and swg_cmd (arrays) N times each,
# alternating, into $out/cp and $out/cs; prints the median of the pairs'
# ratios.
side_by_side() {
  local i
  : >"$out/cp"; : >"$out/cs"
  for i in $(seq "$1"); do
    cpu "${plain_cmd[@]}" >>"$out/cp"
    cpu "${swg_cmd[@]}" >>"$out/cs"
  done
  paste "$out/cs" "$out/cp" | awk '{print $1 / $2}' | sort -g |
    awk '{v[NR] = $1} END {printf "%.3f", v[int((NR + 1) / 2)]}'
}
for flags in -O0 -O2 "-O0 -g"; do
  plain_cmd=("$clang" $flags -c "$sqlite/sqlite3.c" -o "$out/sqlite.plain.o")
  swg_cmd=("$clang" -fplugin="$plugin" $flags -c "$sqlite/sqlite3.c" -o "$out/sqlite.swg.o")
  r=$(side_by_side 5)
  tp=$(size "$out/sqlite.plain.o" | awk 'NR==2 {print $1}')
  ts=$(size "$out/sqlite.swg.o" | awk 'NR==2 {print $1}')
  say "| \`$flags\` | $(list "$out/cp") | $(list "$out/cs") | $r | $tp | $ts |"
  budget "| compiling with the plugin, SQLite \`$flags\` | $(calc "%+.1f%%" "($r - 1) * 100") | under 5% | $(calc "%s" "($r < 1.05) ? \"met\" : \"missed\"") |"
  # The object of the last run without -g: did the plugin track lines?
  [ "$flags" = -O0 ] && cp "$out/sqlite.swg.o" "$out/sqlite.swg.O0.o"
done
say
# Each function's line in the summary is 0 when clang tracked no locations.
lined=$(readelf -p .swg_summary "$out/sqlite.swg.O0.o" |
  awk -F'\\^I' '$1 ~ /f$/ && $5 != 0 {n++} END {print n + 0}')
say "SQLite uses no coroutine library and no switchguard attribute. Without"
say "\`-g\`, the plugin asks clang for source locations only in a file that may"
say "use switchguard, which it reads from the file and what it includes before"
say "parsing (a library's header, \`switchguard.h\`, an attribute, a primitive"
if [ "$lined" = 0 ]; then
  say "declared by the program): for SQLite it did not (no function of its"
  say "\`.swg_summary\` has a line), so it pays for no location tracking."
else
  say "declared by the program): for SQLite it did ($lined functions of its"
  say "\`.swg_summary\` have lines), so it paid for location tracking."
fi
say "Its code is the same at -O0; at -O2 it keeps every frame (no sibling"
say "calls, so .text differs: see \"Keeping every frame\" below). The objects"
say "also differ by the"
say "\`.swg_summary\` section that \`switchguard-check\` reads (every function and"
say "call edge), which, with the plugin's analysis, is what it costs;"
say "\`-fplugin-arg-switchguard-no-summary\` drops the summary."
say
say '```sh'
say "d=\$(scripts/fetch-sqlite.sh)"
say "time $(basename "$clang") -O2 -c \$d/sqlite3.c -o plain.o"
say "time $(basename "$clang") -fplugin=$plugin -O2 -c \$d/sqlite3.c -o swg.o"
say '```'
say
# What the wrapper adds on top of the plugin without -g: line tables.
plain_cmd=("$clang" -O2 -c "$sqlite/sqlite3.c" -o "$out/sqlite.plain.o")
swg_cmd=("$swgcc" -O2 -c "$sqlite/sqlite3.c" -o "$out/sqlite.swgcc.o")
r=$(side_by_side 5)
say "\`switchguard-cc\` adds \`-gline-tables-only\` when no option chooses a"
say "debug-info level, so that reports' stacks name files and lines: that is"
say "DWARF line tables in every object, which clang pays for as it would"
say "without switchguard. SQLite at \`-O2\`, five runs each, alternating:"
say "plain $(list "$out/cp") s, \`switchguard-cc\` $(list "$out/cs") s, ratio $r"
say "(median of pairs); \`switchguard-cc -g0\` leaves the line tables out and costs"
say "what the plugin costs above."
say
say '```sh'
say "time $(basename "$swgcc") -O2 -c \$d/sqlite3.c -o swgcc.o"
say '```'
say
say "CPU time on a shared VM moves by several percent between runs; the exact"
say "instruction counts (callgrind, \`BENCH_CALLGRIND=1\`, too slow for every"
say "run) are in [bench/README.md](../bench/README.md#compile-time-in-instructions)."
say
if [ "${BENCH_CALLGRIND:-}" = 1 ]; then
  progress "compile time in instructions (callgrind, about 10 minutes)"
  # valgrind 3.19 cannot read the plugin's DWARF 5.
  mkdir -p "$out/cg-plugin"
  for so in switchguard.so switchguard-clang.so; do
    objcopy --strip-debug "$(dirname "$plugin")/$so" "$out/cg-plugin/$so"
  done
  count() { # instructions of one command
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
      sed -n 's/.*refs: *//p' | tr -d ,
  }
  say "| level, instructions (callgrind) | plain | with the plugin | added |"
  say "|---|---|---|---|"
  for flags in -O0 "-O0 -g"; do
    a=$(count "$clang" $flags -c "$sqlite/sqlite3.c" -o "$out/sqlite.plain.o")
    b=$(count "$clang" -fplugin="$out/cg-plugin/switchguard.so" $flags -c "$sqlite/sqlite3.c" -o "$out/sqlite.swg.o")
    say "| \`$flags\` | $a | $b | $(calc "%+.1f%%" "($b / $a - 1) * 100") |"
  done
  say
  say '```sh'
  say "valgrind --tool=callgrind --callgrind-out-file=/dev/null $(basename "$clang") -fplugin=$out/cg-plugin/switchguard.so -O0 -c \$d/sqlite3.c -o swg.o"
  say '```'
  say
fi
