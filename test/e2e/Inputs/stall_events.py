"""Reads JSON lines of switchguard events on stdin and prints, per
incident report, where each stack is (the innermost frame of parse or
compress) and, for unblocked, the stall stacks most seen first; for the
stall tests' FileCheck lines."""
import json
import sys

OURS = ("parse", "compress")


def ours(frames):
    for f in frames:
        if f["function"] in OURS:
            return f"{f['function']}:{f['line']}"
    return "none"


for line in sys.stdin:
    if not line.startswith("{"):
        continue
    ev = json.loads(line)
    kind = ev["event"]
    if kind in ("blocked", "still_blocked"):
        where = ev["where"] or {}
        extra = f" report={ev['report']}" if kind == "still_blocked" else ""
        print(f"{kind}{extra} where={where.get('function')}:{where.get('line')}"
              f" stack={ours(ev['stack'])}")
    elif kind == "unblocked":
        stacks = ev["stall_stacks"]
        counts = [s["count"] for s in stacks]
        names = [ours(s["frames"]) for s in stacks]
        print(f"unblocked top={names[0] if names else 'none'}"
              f" second={names[1] if len(names) > 1 else 'none'}"
              f" counts_sum_ok={int(sum(counts) <= ev['samples'])}"
              f" sorted={int(counts == sorted(counts, reverse=True))}"
              f" end={ev['end']} ended_by={(ev['ended_by'] or {}).get('line')}"
              f" duration_ms={ev['duration_ms']:.0f}")
