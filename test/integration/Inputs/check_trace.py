#!/usr/bin/env python3
"""Checks a switchguard trace (trace_path=...) against the Chrome Trace
Event Format and prints what it holds, one line per fact, for FileCheck:

    FORMAT ok: 23 events, array form
    THREAD 0 name=app slices=20 switch_events=38 lost=0
    SEQ 0 alpha hub alpha hub ...
    BLOCKED thread=0 coroutine=worker inside=worker slice_ms=301
    MUST_SWITCH_FAILED thread=1 coroutine=flusher reason=stretch inside=flusher

Threads are numbered in order of their first slice. Exits non-zero, saying
why, if the file is not valid JSON, an event lacks a field the format
requires, a thread's slices overlap or are out of order, two neighbouring
slices are of the same context (every boundary must be a switch, unless
events were lost there), or a
thread's slice count differs from what its metadata says.

    check_trace.py TRACE [--events N]   N: the program's own switch count
                                        (swg_switch_count()), one thread
"""
import json
import sys

PHASES = {"X", "i", "M"}  # what switchguard writes


def fail(msg):
    sys.exit(f"check_trace: {msg}")


def need(ev, key, types, where):
    if key not in ev or not isinstance(ev[key], types) or isinstance(ev[key], bool):
        fail(f"{where}: '{key}' missing or not {types}: {json.dumps(ev)[:200]}")


def main():
    path = sys.argv[1]
    events_expected = None
    if "--events" in sys.argv:
        events_expected = int(sys.argv[sys.argv.index("--events") + 1])
    with open(path) as f:
        try:
            data = json.load(f)  # strict: the whole file is one JSON value
        except json.JSONDecodeError as e:
            fail(f"{path}: not valid JSON: {e}")
    if not isinstance(data, list):
        fail("not the JSON array form")
    slices, meta, marks = {}, {}, []
    for n, ev in enumerate(data):
        where = f"event {n}"
        if not isinstance(ev, dict):
            fail(f"{where}: not an object")
        need(ev, "ph", str, where)
        if ev["ph"] not in PHASES:
            fail(f"{where}: unexpected phase {ev['ph']!r}")
        need(ev, "name", str, where)
        need(ev, "pid", int, where)
        need(ev, "tid", int, where)
        if ev["ph"] == "M":
            need(ev, "args", dict, where)
            if ev["name"] == "thread_name":
                meta[ev["tid"]] = ev["args"]
            continue
        need(ev, "ts", (int, float), where)
        need(ev, "cat", str, where)
        need(ev, "args", dict, where)
        if ev["ph"] == "X":
            need(ev, "dur", (int, float), where)
            if ev["dur"] < 0:
                fail(f"{where}: negative duration")
            if ev["cat"] not in ("coroutine", "hub"):
                fail(f"{where}: slice category {ev['cat']!r}")
            for key in ("resumed_at", "yielded_at", "coroutine"):
                if key not in ev["args"]:
                    fail(f"{where}: slice without args.{key}")
            slices.setdefault(ev["tid"], []).append(ev)
        else:
            if ev.get("s") not in ("t", "p", "g"):
                fail(f"{where}: instant event without a valid scope 's'")
            marks.append(ev)
    print(f"FORMAT ok: {len(data)} events, array form")

    order = sorted(slices, key=lambda t: min(s["ts"] for s in slices[t]))
    index = {tid: i for i, tid in enumerate(order)}
    for tid in order:
        ss = sorted(slices[tid], key=lambda s: s["ts"])
        for a, b in zip(ss, ss[1:]):
            if a["ts"] + a["dur"] > b["ts"] + 0.002:
                fail(f"thread {tid}: slices overlap at ts {b['ts']}")
            if a["args"]["coroutine"] == b["args"]["coroutine"] and \
                    not a["args"].get("incomplete"):  # events lost between
                fail(f"thread {tid}: two slices of one context in a row at {b['ts']}")
        m = meta.get(tid)
        if m is None:
            fail(f"thread {tid}: no thread_name metadata")
        if m.get("slices") != len(ss):
            fail(f"thread {tid}: {len(ss)} slices, metadata says {m.get('slices')}")
        print(f"THREAD {index[tid]} name={m.get('name')} slices={len(ss)} "
              f"switch_events={m.get('switch_events')} lost={m.get('events_lost')}")
        print(f"SEQ {index[tid]} " + " ".join(s["name"] for s in ss))
        if events_expected is not None and len(order) == 1:
            got = m.get("switch_events")
            print("EVENTS " + ("match" if got == events_expected
                               else f"differ: trace {got}, program {events_expected}"))

    for mk in sorted(marks, key=lambda e: e["ts"]):
        tid, ts = mk["tid"], mk["ts"]
        inside = [s for s in slices.get(tid, []) if s["ts"] <= ts <= s["ts"] + s["dur"]]
        where = inside[0] if inside else None
        line = (f"{mk['name'].upper()} thread={index.get(tid, '?')} "
                f"coroutine={mk['args'].get('coroutine')}")
        if mk["name"] == "must_switch_failed":
            line += f" reason={mk['args'].get('reason')}"
        line += f" inside={where['name'] if where else 'none'}"
        if where and mk["name"] == "blocked":
            line += f" slice_ms={int(where['dur'] / 1000)}"
        print(line)


if __name__ == "__main__":
    main()
