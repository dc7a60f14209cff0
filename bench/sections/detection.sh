# bench/run.sh section: detection latency. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "detection latency"
say "## Detection latency"
say
say "\`bench/latency_pcl.c\`: a PCL coroutine blocks 100 times for a random"
say "1 to 5 times the threshold T, at random phases against the monitor's"
say "period (T/2, the default). A subscriber notes when the monitor *decided*"
say "(\`ev->time_ns\`) and when its callback ran after the report was"
say "*written*, from the moment the block began, in units of T. A block that"
say "ends before the threshold plus one period is over may go unreported:"
say "that is right (it has switched again before anyone could tell), and"
say "counted. The monitor dates a block exactly when it began with the"
say "thread's first switch after a look (the hub idle until then); with a"
say "*busy* hub, resuming another coroutine every 500 us while it waits, the"
say "block is a later switch, dated to half a period, and decided by T plus"
say "one period."
say
say "| T | blocked in | reported | decided p50 / p90 / p99 / max | written p50 / p90 / p99 / max | unreported (longest) |"
say "|---|---|---|---|---|---|"
"$swgcc" -O2 -gdwarf-4 bench/latency_pcl.c -lpcl -o "$out/latency_pcl" 2>/dev/null
lat_worst=0
for spec in "50 100 sleep" "100 100 sleep" "100 50 spin" "100 100 sleep busy"; do
  set -- $spec
  line=$(SWITCHGUARD_OPTIONS=max_blocking_ms=$1:log_path=/dev/null "$out/latency_pcl" $1 $2 $3 random ${4:-})
  # T=.. ms, N reported, ... | decided a b c d | written a b c d | unreported k, longest x
  echo "$line" | awk -F' [|] ' -v t=$1 -v how=$3${4:+-$4} '{
    split($1, h, " "); split($2, d, " "); split($3, w, " "); split($4, u, "[ ,]+")
    printf "| %d ms | %s | %s | %s / %s / %s / %s | %s / %s / %s / %s | %s (%s T) |\n",
      t, how == "spin" ? "a spin loop (signal capture)" : how == "sleep-busy" ? "`usleep`, busy hub" : "`usleep` (read from /proc)",
      h[3], d[2], d[3], d[4], d[5], w[2], w[3], w[4], w[5], u[2], u[4] }' >>"$sections"
  worst=$(echo "$line" | awk -F' [|] ' '{split($2, d, " "); print d[5]}')
  lat_worst=$(calc "%.2f" "($worst > $lat_worst) ? $worst : $lat_worst")
done
say
say '```sh'
say "$build/bin/switchguard-cc -O2 -gdwarf-4 bench/latency_pcl.c -lpcl -o latency_pcl"
say "SWITCHGUARD_OPTIONS=max_blocking_ms=100:log_path=/dev/null ./latency_pcl 100 100 sleep random"
say "SWITCHGUARD_OPTIONS=max_blocking_ms=100:log_path=/dev/null ./latency_pcl 100 50 spin random"
say "SWITCHGUARD_OPTIONS=max_blocking_ms=100:log_path=/dev/null ./latency_pcl 100 100 sleep random busy"
say '```'
say
budget "| a blockage reported (decided) | at most ${lat_worst} T over 350 blockages | within 1.5 T | $(calc "%s" "($lat_worst <= 1.5) ? \"met\" : \"missed\"") |"
