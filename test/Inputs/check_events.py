#!/usr/bin/env python3
"""Reads a switchguard JSON-lines log on stdin, checks each event's shape,
and prints one summary line per event for FileCheck:
    EVENT blocked coroutine=blocker frames=...
Exits non-zero on a line that is not a well-formed event."""
import json
import sys

SITE = {"function": str, "file": str, "line": int}
FRAME = {"pc": str, "function": (str, type(None)), "file": (str, type(None)),
         "line": int, "module": (str, type(None)), "inlined": bool}
COMMON = {"event": str, "pid": int, "thread": dict, "coroutine": dict,
          "duration_ms": (int, float), "max_blocking_ms": int, "report": int}


def need(obj, fields, where):
    for key, kind in fields.items():
        if key not in obj:
            sys.exit(f"{where}: missing '{key}' in {obj}")
        if not isinstance(obj[key], kind):
            sys.exit(f"{where}: '{key}' has the wrong type in {obj}")


for n, line in enumerate(sys.stdin, 1):
    if not line.startswith("{"):
        print("TEXT", line.rstrip())  # the program's own output
        continue
    ev = json.loads(line)
    need(ev, COMMON, f"line {n}")
    if ev["last_switch"] is not None:
        need(ev["last_switch"], SITE, f"line {n} last_switch")
    out = [ev["event"], "coroutine=" + str(ev["coroutine"]["name"])]
    if ev["event"] == "blocked":
        need(ev, {"spawn_site": dict, "stack": list, "capture": str}, f"line {n}")
        need(ev["spawn_site"], SITE, f"line {n} spawn_site")
        for f in ev["stack"]:
            need(f, FRAME, f"line {n} frame")
        out.append("spawn_line=%d" % ev["spawn_site"]["line"])
        out.append("frames=" + ",".join(f"{f['function']}:{f['line']}" for f in ev["stack"]))
    print("EVENT", " ".join(out))
