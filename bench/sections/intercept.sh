# bench/run.sh section: intercepted calls. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "intercepted calls"
say "## Intercepted calls"
say
say "\`bench/intercept_cost.c\`: \`read()\` on an empty \`O_NONBLOCK\` pipe, which"
say "fails at once with \`EAGAIN\`, from the hub (outside a coroutine: the"
say "interceptor's one thread-local test) and from a PCL coroutine (the test,"
say "then \`fcntl\` and \`fstat\` to learn the descriptor does not block). Built"
say "plain and with switchguard-cc; instructions per call on the main thread."
say
say "| from | plain ns | switchguard ns | plain instructions | switchguard instructions | added |"
say "|---|---|---|---|---|---|"
"$clang" -O2 -gdwarf-4 bench/intercept_cost.c -lpcl -o "$out/intercept.plain"
# The coroutine's read is the finding the static check warns about.
"$swgcc" -O2 -gdwarf-4 -Wno-backend-plugin bench/intercept_cost.c -lpcl -o "$out/intercept.swg"
for mode in hub coroutine; do
  SWITCHGUARD_OPTIONS=log_path=/dev/null \
    alternate "$out/intercept.plain" "$out/intercept.swg" $mode 1000000
  ip=$(insns 20000 "$out/intercept.plain" $mode)
  is=$(SWITCHGUARD_OPTIONS=log_path=/dev/null insns 20000 "$out/intercept.swg" $mode)
  added=$(calc "%+.1f" "$is - $ip")
  say "| $mode | $(median "$out/p") | $(median "$out/s") | $ip | $is | $added |"
  printf -v "intercept_$mode" %s "$added"
done
say
say '```sh'
say "$build/bin/switchguard-cc -O2 -gdwarf-4 bench/intercept_cost.c -lpcl -o intercept_cost"
say "./intercept_cost hub 1000000         # or: coroutine"
say "valgrind --tool=callgrind --separate-threads=yes ./intercept_cost hub 20000   # and 40000"
say '```'
say
budget "| an intercepted call outside a coroutine (read on a non-blocking pipe) | $intercept_hub instructions | small | - |"
budget "| the same call in a coroutine (fcntl, fstat) | $intercept_coroutine instructions | small | - |"
