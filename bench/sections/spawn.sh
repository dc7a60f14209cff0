# bench/run.sh section: spawn and destroy, and the registry's memory.
# Sourced by run.sh, whose helpers (say, budget, insns, calc, median,
# spread, ...) and variables it uses. The real libraries come from
# ../shared/corpus (copied into the build tree first); without it their
# rows say so.
progress "spawn and destroy"
say "## Spawn and destroy"
say
say "Each \`bench/spawn_*.c\` (sharing \`bench/spawn.h\`) makes a coroutine and"
say "destroys it, N times (where the library has no destroy, the coroutine"
say "returns or the next one takes its place), and prints ns per pair. Each"
say "program, and the library's own code where users compile it into theirs"
say "(minicoro, libaco, neco, libdill's CMake build, the stand-ins), is built"
say "twice, \`$(basename "$clang") -O2\` and \`switchguard-cc -O2\` (the monitor on, at its"
say "defaults); $RUNS runs of each, alternating; instructions per pair from"
say "callgrind. The ns budget is judged on the medians of the libraries whose"
say "pair stays in user space: PCL's and the libco, libtask and Tarantool"
say "stand-ins' make a \`sigprocmask\` system call (getcontext, swapcontext),"
say "whose spread hides tens of ns."
say
say "| library | ns/pair plain | ns/pair switchguard | added ns | instructions plain | instructions switchguard | added |"
say "|---|---|---|---|---|---|---|"
corpus=../shared/corpus
sp="$out/spawn"
rm -rf "$sp"; mkdir -p "$sp"
standins=test/Inputs/standins
have_corpus=false
if [ -d "$corpus/minicoro" ]; then
  have_corpus=true
  for lib in minicoro libaco neco libdill; do cp -r "$corpus/$lib" "$sp/$lib"; done
  # libdill is a library of its own: its CMake build, once per compiler
  # (DWARF 4 for valgrind, as everywhere in run.sh).
  for kind in plain swg; do
    cc=$clang; [ $kind = swg ] && cc=$(readlink -f "$swgcc")
    cp -r "$sp/libdill" "$sp/dill-$kind"
    cmake -S "$sp/dill-$kind" -B "$sp/dill-$kind/b" -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-gdwarf-4 -DBUILD_SHARED_LIBS=OFF \
      >"$sp/dill-$kind.log" 2>&1
    cmake --build "$sp/dill-$kind/b" -j2 --target dill >>"$sp/dill-$kind.log" 2>&1
  done
fi
# library, compile arguments (with the build's compiler in place of CC),
# pairs per timed run, pairs for callgrind
specs=(
  "fcontext|bench/spawn_fcontext.c -lboost_context|2000000|100000"
  "ucontext|bench/spawn_ucontext.c|2000000|100000"
  "st|bench/spawn_st.c -lst|500000|20000"
  "pcl|bench/spawn_pcl.c -lpcl|50000|5000"
  "minicoro|-I$sp/minicoro bench/spawn_minicoro.c|2000000|100000"
  "libaco|-I$sp/libaco bench/spawn_aco.c $sp/libaco/aco.c $sp/libaco/acosw.S|500000|20000"
  "neco|-I$sp/neco bench/spawn_neco.c $sp/neco/neco.c|500000|20000"
  "libdill|-I$sp/libdill bench/spawn_dill.c $sp/dill-KIND/b/libdill.a|500000|20000"
  "libco stand-in|-std=gnu11 -I$standins bench/spawn_libco.c $standins/libco.c|50000|5000"
  "libmill stand-in|-std=gnu11 -I$standins bench/spawn_libmill.c $standins/libmill.c|500000|20000"
  "libtask stand-in|-std=gnu11 -I$standins bench/spawn_task.c $standins/task.c|20000|2000"
  "tarantool stand-in|-std=gnu11 -I$standins bench/spawn_tarantool_fiber.c $standins/tarantool_fiber.c|20000|2000"
)
spawn_worst_ns=0 spawn_worst_lib=none spawn_worst_insns=0
for spec in "${specs[@]}"; do
  IFS='|' read -r lib args n ncg <<<"$spec"
  case $lib in minicoro|libaco|neco|libdill)
    if ! $have_corpus; then say "| $lib | | | | | | not here: no $corpus |"; continue; fi ;;
  esac
  exe="$sp/$(echo "$lib" | tr -d ' -')"
  "$clang" -O2 -gdwarf-4 ${args//KIND/plain} -o "$exe.plain" 2>>"$sp/build.log"
  "$swgcc" -O2 -gdwarf-4 ${args//KIND/swg} -o "$exe.swg" 2>>"$sp/build.log"
  alternate "$exe.plain" "$exe.swg" "$n"
  ip=$(insns "$ncg" "$exe.plain"); is=$(insns "$ncg" "$exe.swg")
  mp=$(median "$out/p"); ms=$(median "$out/s")
  added=$(calc "%.1f" "$ms - $mp"); added_i=$(calc "%.1f" "$is - $ip")
  say "| $lib | $(spread "$out/p") | $(spread "$out/s") | $(calc "%+.1f" "$added") | $ip | $is | $(calc "%+.1f" "$added_i") |"
  spawn_worst_insns=$(calc "%.1f" "($added_i > $spawn_worst_insns) ? $added_i : $spawn_worst_insns")
  case $lib in pcl|"libco stand-in"|"libtask stand-in"|"tarantool stand-in") continue ;; esac
  if [ "$(calc "%d" "($added > $spawn_worst_ns)")" = 1 ]; then
    spawn_worst_ns=$added spawn_worst_lib=$lib
  fi
done
say
say "Reproduce one row (libaco; the others alike, the compile line in"
say "\`bench/sections/spawn.sh\`):"
say
say '```sh'
say "cp -r ../shared/corpus/libaco /tmp/libaco"
say "$(basename "$clang") -O2 -gdwarf-4 -I/tmp/libaco bench/spawn_aco.c /tmp/libaco/aco.c /tmp/libaco/acosw.S -o plain"
say "$build/bin/switchguard-cc -O2 -gdwarf-4 -I/tmp/libaco bench/spawn_aco.c /tmp/libaco/aco.c /tmp/libaco/acosw.S -o swg"
say "./plain 500000; ./swg 500000                 # ns per pair"
say "valgrind --tool=callgrind --separate-threads=yes ./swg 20000   # and 40000:"
say "# (summary of callgrind.out.PID-01 at 40000 - at 20000) / 20000 = per pair"
say '```'
say
budget "| spawn and destroy, ns added per pair (worst library: $spawn_worst_lib, median of $RUNS runs) | $(calc "%+.1f" "$spawn_worst_ns") | at most +30 | $(calc "%s" "($spawn_worst_ns <= 30) ? \"met\" : \"missed\"") |"
budget "| spawn and destroy, instructions added per pair (worst library) | +$spawn_worst_insns | | |"

progress "registry memory"
say "### Registry memory"
say
say "\`bench/registry_memory.c N\`: N coroutines spawned through a primitive"
say "that allocates nothing, so the heap's growth (mallinfo2) is the"
say "registry's; the resident size's growth is shown next to it."
say
say "| live coroutines | heap bytes per coroutine | resident bytes per coroutine |"
say "|---|---|---|"
"$swgcc" -O2 bench/registry_memory.c -o "$out/registry_memory"
for n in 10000 100000 1000000; do
  set -- $("$out/registry_memory" $n)
  say "| $n | $2 | $3 |"
  reg_million=$2
done
say
say "Each thread's coroutines sit densely in an array of its own that"
say "doubles, plus two 32-bit index slots each, so the figure moves between"
say "the entry's size plus 8 bytes (just before a doubling) and about twice"
say "that (just after)."
say
say '```sh'
say "$build/bin/switchguard-cc -O2 bench/registry_memory.c -o registry_memory && ./registry_memory 1000000"
say '```'
say
budget "| the registry at a million live coroutines | $reg_million bytes each | at most 92 | $(calc "%s" "($reg_million <= 92) ? \"met\" : \"missed\"") |"
