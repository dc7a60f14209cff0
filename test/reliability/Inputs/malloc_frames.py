#!/usr/bin/env python3
"""Counts the `blocked` reports of a JSON log whose stack has a frame in
glibc's allocator (malloc, free, their internals, mmap/munmap)."""
import json
import re
import sys

alloc = re.compile(r"malloc|free|_int_|tcache|arena|mmap|munmap|sysmalloc|"
                   r"memset|unlink_chunk|alloc_perturb|mremap")
total = with_alloc = 0
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    ev = json.loads(line)
    if ev.get("event") != "blocked" or not ev["stack"]:
        continue
    total += 1
    if any(f["function"] and alloc.search(f["function"]) for f in ev["stack"]):
        with_alloc += 1
print(f"stacks with an allocator frame: {with_alloc} of {total}")
