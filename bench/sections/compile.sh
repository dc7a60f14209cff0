# bench/run.sh section: compile time. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "compile time (SQLite)"
say "## Compile time and code size: the SQLite amalgamation"
say
sqlite=$(scripts/fetch-sqlite.sh)
say "\`sqlite3.c\` ($(wc -l <"$sqlite/sqlite3.c") lines, SQLite's release from"
say "\`npm pack sqlite3@6.0.1\`, cached outside the repository by"
say "\`scripts/fetch-sqlite.sh\`), \`-c\` with and without \`-fplugin\`, three"
say "runs each, alternating; user+system CPU seconds. The ratio is of the"
say "fastest runs: on a shared VM noise only ever adds time."
say
say "| level | plain (s) | with the plugin (s) | ratio (fastest runs) | .text plain | .text with the plugin |"
say "|---|---|---|---|---|---|"
compile_worst=0
cpu() { # the CPU seconds (user + system) of one command
  local TIMEFORMAT="%3U %3S"
  { time "$@" 2>/dev/null; } 2>"$out/time"
  awk '{printf "%.2f\n", $1 + $2}' "$out/time"
}
for flags in -O0 -O2 "-O0 -g"; do
  level=$flags
  : >"$out/cp"; : >"$out/cs"
  for i in 1 2 3; do
    cpu "$clang" $flags -c "$sqlite/sqlite3.c" -o "$out/sqlite.plain.o" >>"$out/cp"
    cpu "$clang" -fplugin="$plugin" $flags -c "$sqlite/sqlite3.c" -o "$out/sqlite.swg.o" >>"$out/cs"
  done
  tp=$(size "$out/sqlite.plain.o" | awk 'NR==2 {print $1}')
  ts=$(size "$out/sqlite.swg.o" | awk 'NR==2 {print $1}')
  r=$(calc "%.3f" "$(minimum "$out/cs") / $(minimum "$out/cp")")
  say "| \`$level\` | $(tr '\n' ' ' <"$out/cp" | sed 's/ $//;s/ /, /g') | $(tr '\n' ' ' <"$out/cs" | sed 's/ $//;s/ /, /g') | $r | $tp | $ts |"
  compile_worst=$(calc "%.3f" "($r > $compile_worst) ? $r : $compile_worst")
done
say
say "SQLite has no coroutines: the plugin instruments nothing in it, and its"
say "code is the same (the .text sizes above); the objects differ by the"
say "\`.swg_summary\` section that \`switchguard-check\` reads (every function and"
say "call edge with its line). What the plugin costs is its analysis, that"
say "summary, and, without \`-g\`, the line locations it turns on (site records,"
say "warnings and the summary need them; it drops them once used). With \`-g\`"
say "(a debug build, where switchguard is meant to be on) the locations are"
say "there anyway; \`-fplugin-arg-switchguard-no-summary\` drops the summary."
say "Wall time on a shared 2-core VM moves by 10% between runs; the exact"
say "instruction counts (callgrind) are in [bench/README.md](../bench/README.md#compile-time-in-instructions):"
say "+1.5% with \`-g\`, +32.5% without, of which +30.6% is clang's own location"
say "tracking (the same as \`-Rpass=\` turns on)."
say
say '```sh'
say "d=\$(scripts/fetch-sqlite.sh)"
say "time $(basename "$clang") -O2 -c \$d/sqlite3.c -o plain.o"
say "time $(basename "$clang") -fplugin=$plugin -O2 -c \$d/sqlite3.c -o swg.o"
say '```'
say
budget "| compiling with the plugin (SQLite, -O0, -O2, -O0 -g) | $(calc "%+.1f%%" "($compile_worst - 1) * 100") at worst | under 5% | $(calc "%s" "($compile_worst < 1.05) ? \"met\" : \"missed\"") |"
