#!/usr/bin/env python3
"""Summarises a coroutine tree in a log (the report of coroutine 'stuck'
if there is one, else the first), for FileCheck in report_tree_scale.c
and report_tree_group_sites.c.

    check_tree_scale.py text < log   the line count and the sum of its
                                     counts (a line without a count is one
                                     coroutine), then each line with its
                                     depth below the hub
    check_tree_scale.py json < log   the blocked event's totals and whether
                                     the running coroutine and its parent
                                     are listed
"""
import json
import re
import sys


def text(lines):
    start = next((i for i, line in enumerate(lines)
                  if "coroutine 'stuck' blocked" in line), None)
    if start is None:
        start = 0
    for i in range(start, len(lines)):
        if re.match(r"  \* Coroutines of thread (\d+) \((\d+)\):", lines[i]):
            break
    else:
        sys.exit("no coroutine tree")
    tree = []
    for line in lines[i + 2:]:  # past the hub
        if not line.startswith("      "):
            break
        tree.append(line[6:].rstrip("\n"))
    total = 0
    for line in tree:
        m = re.match(r"\s*\S+ x(\d+) ", line)
        total += int(m.group(1)) if m else 1
    print(f"tree of thread {m_tid(lines[i])}: {m_total(lines[i])} "
          f"coroutines, {len(tree)} lines, counts sum {total}")
    for line in tree:  # two spaces a level
        body = line.lstrip(" ")
        print(f"depth {(len(line) - len(body)) // 2}: {body}")


def m_tid(line):
    return re.search(r"thread (\d+)", line).group(1)


def m_total(line):
    return re.search(r"\((\d+)\)", line).group(1)


def js(lines):
    for line in lines:
        if line.startswith("{"):
            ev = json.loads(line)
            if ev["event"] == "blocked" and ev["coroutine"]["name"] == "stuck":
                break
    else:
        sys.exit("no blocked event")
    cs = ev["coroutines"]
    handles = {c["handle"]: c for c in cs}
    running = [c for c in cs if c["state"] == "running"]
    parent = handles.get(running[0]["parent"]) if running else None
    print(f"blocked: total {ev['coroutines_total']}, listed {len(cs)}, "
          f"omitted {ev['coroutines_omitted']}, running "
          f"{','.join(c['name'] for c in running)}, with its parent "
          f"{parent['name'] if parent else 'missing'}")


if __name__ == "__main__":
    (text if sys.argv[1:] == ["text"] else js)(sys.stdin.readlines())
