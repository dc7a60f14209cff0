# bench/run.sh section: registry memory. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "registry memory"
say "## Registry memory"
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
say "Entries sit densely in an array that doubles, plus two 32-bit index"
say "slots each, so the figure moves between the entry's size plus 8 bytes"
say "(just before a doubling) and about twice that (just after)."
say
say '```sh'
say "$build/bin/switchguard-cc -O2 bench/registry_memory.c -o registry_memory && ./registry_memory 1000000"
say '```'
say
budget "| the registry at a million live coroutines | $reg_million bytes each | under 100 | $(calc "%s" "($reg_million < 100) ? \"met\" : \"missed\"") |"
