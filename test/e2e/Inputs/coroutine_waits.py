#!/usr/bin/env python3
"""Prints, for each run_info and blocked event of a JSON log, one line per
coroutine for FileCheck:

    EVENT name state at=function:line:primitive stack=f0,f1,...

`at=-` when suspended_at is null, `stack=-` when the coroutine has no
stack field or it is null; then the event's stacks_omitted. Lines that
are not JSON are skipped."""
import json
import sys

for line in sys.stdin:
    try:
        ev = json.loads(line)
    except ValueError:
        continue
    if not isinstance(ev, dict) or ev.get("event") not in ("run_info", "blocked"):
        continue
    for c in ev.get("coroutines", []):
        s = c.get("suspended_at")
        at = "%s:%d:%s" % (s["function"], s["line"], s["primitive"]) if s else "-"
        st = c.get("stack")
        frames = ",".join(f["function"] or "??" for f in st) if st else "-"
        print("%s %s %s at=%s stack=%s" % (ev["event"], c["name"], c["state"], at, frames))
    print("%s stacks_omitted=%s" % (ev["event"], ev.get("stacks_omitted", "none")))
