# bench/run.sh section: switch cost. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "switch cost"
corpus=$(cd .. && pwd)/shared/corpus
standins=test/Inputs/standins
say "## Switch cost: ping-pong"
say
say "The hub hands control to one coroutine that hands it straight back"
say "(\`bench/pingpong_*.c\`, sharing \`bench/pingpong.h\`); where the library"
say "has a scheduler of its own (libdill, neco, libmill, libtask, Tarantool"
say "fibers) two coroutines yield to each other through it. Each program is"
say "built twice, \`$(basename "$clang") -O2\` and \`switchguard-cc -O2\` (the monitor on, at"
say "its defaults), with the library's own sources compiled into it as its"
say "users do (the real minicoro, libaco, libdill and neco of \`../shared/corpus\`;"
say "the stand-ins of \`$standins\` for libmill, byuu libco, libtask and"
say "Tarantool fibers), so they too go through the plugin. $RUNS runs of each,"
say "alternating. Instructions are per switch (a round trip is two)."
say "The ns budget is judged on the fastest run of each build of the"
say "libraries whose switch stays in user space (fcontext, State Threads,"
say "minicoro, libaco, libdill, neco, libmill): a ucontext switch (ucontext,"
say "PCL, libco, libtask, Tarantool) makes a \`sigprocmask\` system call whose"
say "own spread, tens of ns, hides a few ns either way."
say "The objects' .text grows by the inline fast path at each site and its"
say "call-out to the runtime; the site records are data (\`swg_sites\`)."
say
say "| library | ns/switch plain | ns/switch switchguard | ratio | instructions plain | instructions switchguard | added | object .text plain / switchguard |"
say "|---|---|---|---|---|---|---|---|"
worst_added=0 worst_lib= worst_ns=0 fcontext_ratio=1 fcontext_ns=0 skipped=
dill_flags="-w -DDILL_THREADS -DDILL_SOCKETS -DHAVE_MPROTECT -DHAVE_POSIX_MEMALIGN"
# library | what else the program is built from | round trips timed |
# round trips for callgrind | system call per switch (no ns verdict)
while IFS='|' read -r lib extra n ncg sys; do
  case $extra in *'$corpus'*) [ -d "$corpus" ] || { skipped="$skipped $lib"; continue; } ;; esac
  if [ "$lib" = libdill ]; then # the corpus is read-only: copy, then build
    rm -rf "$out/libdill-src"; cp -r "$corpus/libdill" "$out/libdill-src"
  fi
  extra=$(eval echo "$extra")
  "$clang" -O2 -gdwarf-4 "bench/pingpong_$lib.c" $extra -o "$out/pingpong_$lib.plain"
  "$swgcc" -O2 -gdwarf-4 "bench/pingpong_$lib.c" $extra -o "$out/pingpong_$lib.swg"
  alternate "$out/pingpong_$lib.plain" "$out/pingpong_$lib.swg" "$n"
  # per round trip from callgrind, two switches each
  ip=$(insns "$ncg" "$out/pingpong_$lib.plain"); is=$(insns "$ncg" "$out/pingpong_$lib.swg")
  ip=$(calc "%.1f" "$ip / 2"); is=$(calc "%.1f" "$is / 2")
  mp=$(median "$out/p"); ms=$(median "$out/s")
  ratio=$(calc "%.3f" "$ms / $mp"); added=$(calc "%.1f" "$is - $ip")
  # code size: the program's own object, without the runtime or library
  "$clang" -O2 -c $(echo " $extra" | grep -o ' -I[^ ]*') "bench/pingpong_$lib.c" -o "$out/o.plain"
  "$swgcc" -O2 -c $(echo " $extra" | grep -o ' -I[^ ]*') "bench/pingpong_$lib.c" -o "$out/o.swg"
  size_p=$(size "$out/o.plain" | awk 'NR==2 {print $1}'); size_s=$(size "$out/o.swg" | awk 'NR==2 {print $1}')
  say "| $lib | $(spread "$out/p") | $(spread "$out/s") | $ratio | $ip | $is | +$added | $size_p / $size_s |"
  if [ "$(calc "%d" "($added > $worst_added)")" = 1 ]; then worst_added=$added worst_lib=$lib; fi
  # ns: the fastest run of each build (noise only adds time), and only
  # where the switch itself stays in user space.
  if [ -z "$sys" ]; then
    added_ns=$(calc "%.2f" "$(minimum "$out/s") - $(minimum "$out/p")")
    worst_ns=$(calc "%.2f" "($added_ns > $worst_ns) ? $added_ns : $worst_ns")
  fi
  [ "$lib" = fcontext ] && fcontext_ratio=$ratio fcontext_ns=$(calc "%+.2f" "$ms - $mp")
done <<'ROWS'
fcontext|-lboost_context|20000000|100000|
st|-lst|10000000|100000|
ucontext||50000|20000|sys
pcl|-lpcl|50000|20000|sys
minicoro|-I$corpus/minicoro|5000000|100000|
aco|-I$corpus/libaco $corpus/libaco/aco.c $corpus/libaco/acosw.S|5000000|100000|
libdill|-I$out/libdill-src -I$out/libdill-src/dns $out/libdill-src/*.c $out/libdill-src/dns/dns.c $dill_flags -lssl -lcrypto|5000000|100000|
neco|-w -I$corpus/neco $corpus/neco/neco.c|5000000|100000|
libmill|-I$standins $standins/libmill.c|5000000|100000|
libco|-I$standins $standins/libco.c|50000|20000|sys
task|-I$standins $standins/task.c|50000|20000|sys
tarantool_fiber|-I$standins $standins/tarantool_fiber.c|50000|20000|sys
ROWS
say
[ -z "$skipped" ] || say "Not measured, \`$corpus\` being absent:$skipped."
say
# Tarantool's stand-in polls once a scheduler iteration: its row's extra,
# apart from the hooks, is that call's cost with a second thread running.
tnt_plain=$(insns 20000 "$out/pingpong_tarantool_fiber.plain")
tnt_mt=$(calc "%+.1f" "($(insns 20000 "$out/pingpong_tarantool_fiber.swg") - $tnt_plain) / 2")
tnt_st=$(SWITCHGUARD_OPTIONS=monitor=0 insns 20000 "$out/pingpong_tarantool_fiber.swg")
tnt_st=$(calc "%+.1f" "($tnt_st - $tnt_plain) / 2")
say "Where the instructions go. A switch is two events, each published to"
say "the thread's TLS block: the call's entry on one stack (the flag check,"
say "2; the context left, 1; the new context, the site and the count, 3) and"
say "its return on the other (the flag check, 2; context, site, count, 3):"
say "+11, the floor most libraries sit on. A library whose switches can name"
say "the hub as their target (ucontext, byuu libco: symmetric) adds its name"
say "check (load, compare, select, 4) and learning it (2). A scheduler's own"
say "wait in its loop is hub time, an entry and a return too (libdill,"
say "libmill, Tarantool). The Tarantool stand-in's loop also polls, with a"
say "zero timeout, once an iteration: through the \`poll\` interceptor (its"
say "prologue saves registers) and, since the monitor is a second thread,"
say "through glibc's multi-threaded system-call path:"
say "with \`SWITCHGUARD_OPTIONS=monitor=0\` it adds $tnt_st instructions a"
say "switch instead of $tnt_mt. Fewer than 11 needs one publication per"
say "switch: the return would have to store without the check and without a"
say "count, and then neither the monitor's stamps nor a must_switch limit"
say "would see when a coroutine came back from a call its scheduler idles in"
say "(libdill's \`msleep\`: the limit would count the sleep)."
say
say "Reproduce one row (fcontext; the others add the sources in the table above"
say "to both commands, as \`bench/sections/switch.sh\` lists them):"
say
say '```sh'
say "$(basename "$clang") -O2 -gdwarf-4 bench/pingpong_fcontext.c -lboost_context -o plain"
say "$build/bin/switchguard-cc -O2 -gdwarf-4 bench/pingpong_fcontext.c -lboost_context -o swg"
say "./plain 20000000; ./swg 20000000          # ns per switch"
say "valgrind --tool=callgrind --separate-threads=yes ./swg 100000   # and 200000:"
say "# (summary of callgrind.out.PID-01 at 200000 - at 100000) / 200000 = per switch"
say "$(basename "$clang") -O2 -gdwarf-4 -I../shared/corpus/libaco bench/pingpong_aco.c \\"
say "  ../shared/corpus/libaco/aco.c ../shared/corpus/libaco/acosw.S -o plain   # libaco"
say '```'
say
budget "| switch tracing, instructions per switch (worst library: $worst_lib) | +$worst_added | at most 8 (aim: 6) | $(calc "%s" "($worst_added <= 8) ? \"met\" : \"missed\"") |"
budget "| switch tracing, ns per switch (fastest of $RUNS runs, libraries switching in user space) | +$worst_ns | ~2 ns | $(calc "%s" "($worst_ns <= 2) ? \"met\" : \"missed\"") |"
budget "| fcontext ping-pong slowdown | $(calc "%+.1f%%" "($fcontext_ratio - 1) * 100") ($fcontext_ns ns) | under 10% | $(calc "%s" "($fcontext_ratio < 1.10) ? \"met\" : \"missed\"") |"
