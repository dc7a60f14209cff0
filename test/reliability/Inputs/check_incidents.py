#!/usr/bin/env python3
"""Checks the incidents in a JSON log (format=json): per thread, each is
one `blocked`, then `still_blocked` reports, then one `unblocked`, in
order; every line that looks like an event is one whole JSON object.
Prints one line: how many incidents, how they ended, how many `blocked`
reports have no stack, and how many of those give no reason.

    check_incidents.py [--by-handle] LOG

--by-handle pairs reports by coroutine handle instead of thread id (for
tests where a thread id in `unblocked` is known to be wrong: a bug noted in
docs/reliability.md).
"""
import collections
import json
import sys

open_by_tid = {}
ends = collections.Counter()
problems = []
incidents = no_stack = unexplained = 0
by_handle = "--by-handle" in sys.argv
log = [a for a in sys.argv[1:] if a != "--by-handle"][0]
for n, line in enumerate(open(log, errors="replace"), 1):
    if not line.startswith("{"):
        continue  # the program's own output
    try:
        ev = json.loads(line)
    except json.JSONDecodeError as e:
        problems.append(f"line {n} is not one whole event: {e}")
        continue
    kind = ev.get("event")
    if kind not in ("blocked", "still_blocked", "unblocked"):
        continue
    tid = ev["coroutine"]["handle"] if by_handle else ev["thread"]["tid"]
    if kind == "blocked":
        incidents += 1
        if tid in open_by_tid:
            problems.append(f"thread {tid}: blocked again before unblocked")
        open_by_tid[tid] = 1
        if not ev["stack"]:
            no_stack += 1
            unexplained += not ev.get("capture_note")
    elif tid not in open_by_tid:
        problems.append(f"thread {tid}: {kind} without blocked")
    elif kind == "still_blocked":
        open_by_tid[tid] += 1
        if ev["report"] != open_by_tid[tid]:
            problems.append(f"thread {tid}: still_blocked numbered {ev['report']}")
    else:
        if ev["report"] != open_by_tid.pop(tid):
            problems.append(f"thread {tid}: unblocked counts {ev['report']} reports")
        ends[ev["end"]] += 1
for tid in open_by_tid:
    problems.append(f"thread {tid}: incident never closed")
how = ", ".join(f"{k}={v}" for k, v in sorted(ends.items()))
if len(ends) == 1:
    how = "all closed once by " + next(iter(ends))
print(f"incidents: {incidents}, {how}; without a stack: {no_stack}, "
      f"of which unexplained: {unexplained}")
for p in problems:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
