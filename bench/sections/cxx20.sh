# bench/run.sh section: cxx20. Sourced by run.sh, whose helpers (say,
# budget, insns, calc, median, spread, alternate) and variables it uses.
progress "C++20 coroutines"
clangxx="$(dirname "$clang")/clang++"
swgcxx="$build/bin/switchguard-c++"
cxxflags="-std=c++20 -O2 -gdwarf-4"
tasks="-fplugin-arg-switchguard-profile-file=bench/cxx20_tasks.yaml"
"$clangxx" $cxxflags bench/cxx20_cycle.cpp -o "$out/cxx20_plain"
"$swgcxx" $cxxflags $tasks bench/cxx20_cycle.cpp -o "$out/cxx20_swg"
say "## C++20 coroutines"
say
say "\`bench/cxx20_cycle.cpp\`: a task coroutine resumed from \`main\` and"
say "running to its next \`co_await\` (a cycle: one switch in, one out), and"
say "tasks created, run to their first \`co_await\` and destroyed (a pair);"
say "clang++ against switchguard-c++ ($RUNS runs each, alternating), monitor"
say "on. Instructions from callgrind."
say
say "| what | plain ns | switchguard ns | ns added | plain instructions | instructions added |"
say "|---|---|---|---|---|---|"
for mode in cycle spawn; do
  n=20000000; [ $mode = spawn ] && n=2000000
  alternate "$out/cxx20_plain" "$out/cxx20_swg" $mode $n
  eval "ns_$mode=\$(calc \"%.2f\" \"\$(median \$out/s) - \$(median \$out/p)\")"
  ip=$(insns 100000 "$out/cxx20_plain" $mode)
  is=$(SWITCHGUARD_OPTIONS=log_path=/dev/null insns 100000 "$out/cxx20_swg" $mode)
  eval "insns_$mode=\$(calc \"%.1f\" \"$is - $ip\")"
  label="resume/suspend cycle"; [ $mode = spawn ] && label="create/destroy pair"
  eval "say \"| $label | \$(spread \$out/p) | \$(spread \$out/s) | \$(calc '%+.2f' \$ns_$mode) | $ip | \$(calc '%+.1f' \$insns_$mode) |\""
done
say
say '```sh'
say "clang++ $cxxflags bench/cxx20_cycle.cpp -o plain"
say "$swgcxx $cxxflags $tasks bench/cxx20_cycle.cpp -o swg"
say "./plain cycle 20000000; ./swg cycle 20000000   # ns per cycle (spawn 2000000: per pair)"
say "valgrind --tool=callgrind --separate-threads=yes ./swg cycle 100000   # and 200000"
say '```'
say
budget "| C++20 task, instructions added per switch (half a resume/suspend cycle) | $(calc "%+.1f" "$insns_cycle / 2") | at most 8 (aim: 6) | $(calc "%s" "($insns_cycle / 2 <= 8) ? \"met\" : \"missed\"") |"
budget "| C++20 task, ns added per switch (median of $RUNS runs) | $(calc "%+.2f" "$ns_cycle / 2") | ~2 ns | $(calc "%s" "($ns_cycle / 2 <= 2) ? \"met\" : \"missed\"") |"
budget "| C++20 task, ns added per create/destroy pair | $(calc "%+.1f" "$ns_spawn") | at most +30 | $(calc "%s" "($ns_spawn <= 30) ? \"met\" : \"missed\"") |"
