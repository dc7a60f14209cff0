"""stretch_error.py EVENTS OUT LO HI: prints error_ok=1 if the unblocked
event's duration_ms less the stretch the program measured (stretch_ms= in
OUT) lies in [LO, HI] ms, else error_ok=0 and both numbers."""
import json
import sys

events, out, lo, hi = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
d = [json.loads(line)["duration_ms"] for line in open(events)
     if line.startswith("{") and '"unblocked"' in line][0]
m = float(open(out).read().split("stretch_ms=")[1].split()[0])
ok = lo <= d - m <= hi
print(f"error_ok={int(ok)}" + ("" if ok else f" duration_ms={d} stretch_ms={m}"))
