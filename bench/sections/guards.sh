# bench/run.sh section: guards. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "must_switch guards"
say "## must_switch guard cost"
say
say "\`bench/guard_cost.c\`: a caller that \"switches\" through a no-op function"
say "marked \`SWG_YIELD\`, so the guard is all that differs between the modes;"
say "20M calls a run, $RUNS runs of each mode, alternating."
say
say "| caller | ns/call | instructions/call | added to plain |"
say "|---|---|---|---|"
"$swgcc" -O2 -gdwarf-4 bench/guard_cost.c -o "$out/guard_cost"
for mode in plain guarded elided limited; do : >"$out/g.$mode"; done
for i in $(seq $RUNS); do
  for mode in plain guarded elided limited; do
    SWITCHGUARD_OPTIONS=log_path=/dev/null "$out/guard_cost" $mode 20000000 >>"$out/g.$mode"
  done
done
for mode in plain guarded elided limited; do
  eval "ins_$mode=\$(SWITCHGUARD_OPTIONS=log_path=/dev/null insns 100000 \"$out/guard_cost\" $mode)"
done
for row in "plain:no guard" "guarded:SWG_MUST_SWITCH, guard kept" \
           "elided:SWG_MUST_SWITCH, every path switches (guard left out)" \
           "limited:SWG_MUST_SWITCH_WITHIN(1000), a limit"; do
  mode=${row%%:*}; eval "i=\$ins_$mode"
  say "| ${row#*:} | $(spread "$out/g.$mode") | $i | $(calc "%+.1f ns, %+.0f instructions" "$(median "$out/g.$mode") - $(median "$out/g.plain"), $i - $ins_plain") |"
done
guard_ns=$(calc "%.2f" "$(median "$out/g.guarded") - $(median "$out/g.plain")")
say
say "A limit reads the clock at entry, at exit and at each switch, and sends"
say "every switch of the thread through the runtime while the scope is open."
say
say '```sh'
say "$build/bin/switchguard-cc -O2 -gdwarf-4 bench/guard_cost.c -o guard_cost"
say "./guard_cost guarded 20000000      # plain | guarded | elided | limited"
say "valgrind --tool=callgrind --separate-threads=yes ./guard_cost guarded 100000   # and 200000"
say '```'
say
budget "| a passing \`must_switch\` guard, no limit | +$guard_ns ns, +$(calc "%.0f" "$ins_guarded - $ins_plain") instructions per call | under ~3 ns | $(calc "%s" "($guard_ns < 3) ? \"met\" : \"missed\"") |"
