# bench/run.sh section: gevent. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
: "${worst_ns:?the gevent section compares with the switch section: BENCH_ONLY=\"switch gevent\"}"
progress "gevent"
say "## Side by side with gevent"
say
if /usr/bin/python3 -c 'import gevent' 2>/dev/null; then
  /usr/bin/python3 -W ignore bench/gevent_pingpong.py 500000 $RUNS >"$out/gevent"
  sed -n 's/^plain //p' "$out/gevent" >"$out/gp"; sed -n 's/^monitor //p' "$out/gevent" >"$out/gm"
  gev_added=$(calc "%.1f" "$(median "$out/gm") - $(median "$out/gp")")
  say "\`bench/gevent_pingpong.py\`: the same ping-pong shape between two"
  say "greenlets in Debian's gevent $(/usr/bin/python3 -c 'import gevent; print(gevent.__version__)'),"
  say "without and then with gevent's monitor thread (\`config.monitor_thread\`,"
  say "which traces every switch with \`greenlet.settrace\`), in one process."
  say
  say "| | ns/switch without monitoring | with monitoring | added per switch |"
  say "|---|---|---|---|"
  say "| gevent | $(spread "$out/gp") | $(spread "$out/gm") | +$gev_added ns |"
  say "| switchguard, fcontext | | | $fcontext_ns ns |"
  say "| switchguard, State Threads or fcontext, whichever adds more | | | +$worst_ns ns |"
  say
  say '```sh'
  say "/usr/bin/python3 -W ignore bench/gevent_pingpong.py 500000 7"
  say '```'
  budget "| next to gevent's monitor | switchguard +$worst_ns ns per user-space switch | gevent +$gev_added ns | - |"
else
  say "gevent is not installed (\`apt-get install python3-gevent\`): not measured."
fi
say
