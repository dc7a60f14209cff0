# bench/run.sh section: recording. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "recording"
say "## Recording: the trace and the profile"
say
say "The PCL switchguard build, 200k round trips, with nothing recorded,"
say "\`profile=1\`, \`trace_path=\` and both. These are off unless asked for."
say "callgrind counts every thread here (the trace's writer thread formats"
say "the JSON on the other core), so this table uses whole-process counts."
say
say "| recording | ns/switch | instructions/switch |"
say "|---|---|---|"
for opts in none profile=1 "trace_path=$out/trace.json" "trace_path=$out/trace.json:profile=1"; do
  export SWITCHGUARD_OPTIONS="${opts#none}:log_path=/dev/null"
  : >"$out/r"
  for i in 1 2 3; do "$out/pingpong_pcl.swg" 200000 >>"$out/r"; done
  a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/pingpong_pcl.swg" 100000 2>&1 | sed -n 's/.*Collected : //p')
  b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/pingpong_pcl.swg" 200000 2>&1 | sed -n 's/.*Collected : //p')
  say "| $(echo "$opts" | sed "s|$out/||") | $(spread "$out/r") | $(calc "%.1f" "($b - $a) / 200000") |"
done
unset SWITCHGUARD_OPTIONS
rm -f "$out/trace.json"
say
say '```sh'
say "SWITCHGUARD_OPTIONS=profile=1:log_path=/dev/null $out/pingpong_pcl.swg 200000"
say "SWITCHGUARD_OPTIONS=trace_path=/tmp/trace.json $out/pingpong_pcl.swg 200000"
say '```'
say
