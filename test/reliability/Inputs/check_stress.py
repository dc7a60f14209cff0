#!/usr/bin/env python3
"""Checks a stress run (stress.c) against its JSON log.

    check_stress.py STRESS_STDOUT JSON_LOG MAX_BLOCKING_MS [MAX_GROWTH_KB]

- every line of the log is one whole JSON object (no torn report);
- every deliberate blockage (a `truth` line) has exactly one `blocked`
  event for its thread and coroutine, then `still_blocked` events
  numbered 2, 3, ... and exactly one `unblocked` closing it: reported once,
  never lost. A blockage that got no report while the whole process was
  stalled (a `stall` line: the heartbeat thread itself was not scheduled
  for longer than the threshold during it, so neither was the monitor) is
  counted apart as missed during a stall, and fails the run only with
  --strict;
- every `blocked` event belongs to a deliberate blockage: no false report;
- a blockage decided in its first 300 ms (it lasts 400 ms, so its thread
  was still in the blocking call) is reported with the stack of that call
  (`capture` "syscall"), however late the report was written;
- resident memory grew by at most MAX_GROWTH_KB (default 4096) in the
  second half of the run: flat once every thread is warm. The first
  reports load the program's and libc's symbols and debug information
  (about 25 MB, once, which on an overloaded machine takes seconds), so
  the growth from the third second is printed, not judged.

Prints the figures and "stress: OK", or each problem and exits 1.
"""
import json
import re
import sys

args = [a for a in sys.argv[1:] if a != "--strict"]
strict = "--strict" in sys.argv
out_path, log_path, threshold = args[0], args[1], int(args[2])
max_growth = int(args[3]) if len(args) > 3 else 4096
problems = []

truths, stalls, figures = [], [], {}
for line in open(out_path):
    if line.startswith("stall "):
        kv = dict(p.split("=", 1) for p in line.split()[1:])
        stalls.append((float(kv["start"]), float(kv["ms"]) / 1000))
        continue
    if line.startswith("truth "):
        kv = dict(p.split("=", 1) for p in line.split()[1:])
        truths.append({"tid": int(kv["tid"]), "handle": int(kv["handle"], 16),
                       "start": float(kv["start"]), "end": float(kv["end"]),
                       "how": int(kv["how"]), "events": []})
    else:
        figures.update(dict(re.findall(r"(\w+)=(\S+)", line)))

events = []
with open(log_path) as f:
    for n, line in enumerate(f, 1):
        try:
            ev = json.loads(line)
            if not isinstance(ev, dict) or "event" not in ev:
                raise ValueError("not an event")
        except ValueError as e:
            problems.append(f"log line {n} is not one whole event ({e}): "
                            f"{line[:120]!r}")
            continue
        events.append(ev)

incident_kinds = ("blocked", "still_blocked", "unblocked")
# An incident is keyed by thread; events of one thread come in order.
open_incident = {}
incidents = []
stack_lost = []  # decided while it was in its blocking call, yet no stack
for ev in events:
    kind = ev["event"]
    if kind not in incident_kinds:
        continue
    tid = ev["thread"]["tid"]
    handle = int(ev["coroutine"]["handle"], 16) if ev["coroutine"]["handle"] else 0
    if kind == "blocked":
        if tid in open_incident:
            problems.append(f"thread {tid}: a second blocked report before "
                            f"the first incident closed")
        inc = {"tid": tid, "handle": handle, "name": ev["coroutine"]["name"],
               "time": ev["time"], "events": [ev], "capture": ev["capture"],
               "late_context": ev["context"]["after_switch"]}
        open_incident[tid] = inc
        incidents.append(inc)
        continue
    inc = open_incident.get(tid)
    if inc is None:
        problems.append(f"thread {tid}: {kind} without a blocked report")
        continue
    want = len(inc["events"]) + 1
    if ev["report"] != want and kind == "still_blocked":
        problems.append(f"thread {tid}: still_blocked report {ev['report']}, "
                        f"expected {want}")
    inc["events"].append(ev)
    if kind == "unblocked":
        if ev["report"] != len(inc["events"]) - 1:
            problems.append(f"thread {tid}: unblocked says {ev['report']} "
                            f"reports, saw {len(inc['events']) - 1}")
        inc["end"] = ev["end"]
        del open_incident[tid]

for tid, inc in open_incident.items():
    problems.append(f"thread {tid}: incident of '{inc['name']}' never closed")

# Match incidents to deliberate blockages: same thread, same handle, the
# first report made while the blockage lasted (wall clock; handles are
# reused, so a window of its own for each).
for inc in incidents:
    match = [t for t in truths
             if t["tid"] == inc["tid"] and t["handle"] == inc["handle"]
             and t["start"] - 0.05 <= inc["time"] <= t["end"] + 0.5]
    if not match:
        problems.append(f"false report: '{inc['name']}' on thread {inc['tid']} "
                        f"at {inc['time']:.3f} matches no deliberate blockage")
        continue
    match = [max(match, key=lambda t: t["start"])]  # the latest begun
    match[0]["events"].append(inc)
    if inc["time"] < match[0]["start"] + 0.3 and inc["capture"] != "syscall":
        stack_lost.append(inc)
    if inc["name"] != "blocker":
        problems.append(f"thread {inc['tid']}: blocked coroutine named "
                        f"'{inc['name']}', expected 'blocker'")

long_enough = [t for t in truths if t["end"] - t["start"] >= 2 * threshold / 1000]
missed_in_stall = []
for t in long_enough:
    stalled = [s for s in stalls if s[0] < t["end"] and s[0] + s[1] > t["start"]
               and s[1] >= threshold / 1000]
    if not t["events"] and stalled and not strict:
        missed_in_stall.append((t, max(s[1] for s in stalled)))
    elif len(t["events"]) != 1:
        problems.append(f"blockage on thread {t['tid']} at {t['start']:.3f} "
                        f"({(t['end'] - t['start']) * 1000:.0f} ms) reported "
                        f"{len(t['events'])} times, expected once")

if stack_lost:
    notes = sorted({i["events"][0].get("capture_note") or "" for i in stack_lost})
    problems.append(f"{len(stack_lost)} blockages decided while in their "
                    f"blocking call were reported without its stack: "
                    + "; ".join(notes)[:300])

captures = {}
for inc in incidents:
    captures[inc["capture"]] = captures.get(inc["capture"], 0) + 1

samples = [int(v) for v in figures.get("rss_each_second_kb", "").split(",") if v]
growth = late_growth = 0
half = len(samples) // 2
if "rss_end_kb" not in figures:
    problems.append("the run printed no figures: did it finish?")
elif len(samples) < 4:
    problems.append("the run was too short to see memory settle (4 s at least)")
else:
    end = int(figures["rss_end_kb"])
    growth = max(samples[2:] + [end]) - samples[2]
    late_growth = max(samples[half:] + [end]) - samples[half]
    if late_growth > max_growth:
        problems.append(f"resident memory grew by {late_growth} KB in the "
                        f"second half of the run (limit {max_growth} KB)")

print(f"stress: {figures.get('threads')} threads, {figures.get('live')} live "
      f"coroutines, {figures.get('seconds')} s: created "
      f"{figures.get('created')}, destroyed {figures.get('destroyed')}, "
      f"switches {figures.get('switches')}")
print(f"stress: {len(truths)} deliberate blockages, {len(incidents)} "
      f"incidents reported, {len(events)} events; captures "
      + ", ".join(f"{k}={v}" for k, v in sorted(captures.items()))
      + f"; threads and coroutines read after the thread switched again: "
      f"{sum(i['late_context'] for i in incidents)}")
print(f"stress: process stalls over 55 ms: {len(stalls)}, longest "
      f"{max([s[1] for s in stalls] or [0]) * 1000:.0f} ms; blockages missed "
      f"during a stall: {len(missed_in_stall)}")
print(f"stress: resident memory {figures.get('rss_warm_kb')} KB after 1 s, "
      f"{samples[2] if len(samples) > 2 else '?'} KB after 3 s, "
      f"{figures.get('rss_end_kb')} KB at the end; growth after 3 s: "
      f"{growth:+d} KB, in the second half (after {half + 1} s): "
      f"{late_growth:+d} KB")
for p in problems:
    print("stress: PROBLEM:", p)
if problems:
    sys.exit(1)
print("stress: OK")
