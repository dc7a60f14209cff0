#!/usr/bin/env python3
"""Validates switchguard's JSON lines against the schema in
docs/report-format.md and prints one summary line per event for FileCheck:

    EVENT blocked coroutine=blocker spawn_line=12 frames=... threads=2 ...

Lines that are not JSON objects are the program's own output: printed as
"TEXT line". Exits non-zero, naming the line and the rule, on the first
event the schema rejects.

    check_events.py < log             validate a log, summarise it
    check_events.py --doc             validate the examples in the doc

The schema is JSON Schema (2020-12); this file checks the subset the doc
uses (type, const, enum, pattern, minimum, required, properties,
additionalProperties, items, $ref, anyOf, oneOf) with the standard library
only, and with the jsonschema package too when it is installed.
"""
import json
import os
import re
import sys

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "docs", "report-format.md")

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool,
         "null": type(None)}


def blocks(doc, marker):
    """The ```json blocks that follow an HTML comment `marker`."""
    pat = r"<!-- %s -->\s*```json\n(.*?)```" % re.escape(marker)
    return [json.loads(b) if marker == "schema" else b
            for b in re.findall(pat, doc, re.S)]


def load_schema():
    with open(DOC) as f:
        doc = f.read()
    schemas = blocks(doc, "schema")
    if len(schemas) != 1:
        sys.exit(f"{DOC}: expected one schema block, found {len(schemas)}")
    return doc, schemas[0]


def values(text):
    """The JSON values in text, one after another."""
    dec, at, text = json.JSONDecoder(), 0, text.strip()
    while at < len(text):
        v, at = dec.raw_decode(text, at)
        yield v
        while at < len(text) and text[at].isspace():
            at += 1


def is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


class Invalid(Exception):
    pass


def check(v, s, root, path):
    """Raises Invalid(path: why) unless v matches schema s."""
    if "$ref" in s:
        name = s["$ref"].split("/")[-1]
        return check(v, root["$defs"][name], root, path)
    if "oneOf" in s or "anyOf" in s:
        subs = s.get("oneOf", s.get("anyOf"))
        ok, why = 0, []
        for sub in subs:
            try:
                check(v, sub, root, path)
                ok += 1
            except Invalid as e:
                why.append(str(e))
        if ok == 0 or ("oneOf" in s and ok > 1):
            # The most telling failure: the branch that got furthest.
            raise Invalid(max(why, key=lambda w: w.split(":")[0].count(".")
                              + w.split(":")[0].count("["))
                          if ok == 0 else
                          f"{path}: matches {ok} branches of oneOf")
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(is_type(v, t) for t in types):
            raise Invalid(f"{path}: {v!r} is not {'/'.join(types)}")
    if "const" in s and v != s["const"]:
        raise Invalid(f"{path}: {v!r} is not {s['const']!r}")
    if "enum" in s and v not in s["enum"]:
        raise Invalid(f"{path}: {v!r} is not one of {s['enum']}")
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        raise Invalid(f"{path}: {v!r} does not match {s['pattern']}")
    if "minimum" in s and is_type(v, "number") and v < s["minimum"]:
        raise Invalid(f"{path}: {v!r} is below {s['minimum']}")
    if isinstance(v, dict):
        props = s.get("properties", {})
        for key in s.get("required", []):
            if key not in v:
                raise Invalid(f"{path}: missing '{key}'")
        for key, val in v.items():
            if key in props:
                check(val, props[key], root, f"{path}.{key}")
            elif s.get("additionalProperties") is False:
                raise Invalid(f"{path}: '{key}' is not in the schema")
    if isinstance(v, list) and "items" in s:
        for i, item in enumerate(v):
            check(item, s["items"], root, f"{path}[{i}]")


def validate(ev, schema, where):
    try:
        check(ev, schema, schema, where)
    except Invalid as e:
        sys.exit(f"schema: {e}")
    try:  # the reference implementation, when installed, must agree
        import jsonschema
    except ImportError:
        return
    try:
        jsonschema.validate(ev, schema)
    except jsonschema.ValidationError as e:
        sys.exit(f"schema (jsonschema): {where}: {e.message}")


def site(s):
    return f"{s['function']}:{s['line']}" if s else "none"


def tree(coroutines):
    """name<parent:state for each coroutine, by name; the parent's name,
    "hub", "gone", or "?" (not listed)."""
    names = {c["handle"]: c["name"] for c in coroutines}
    return ",".join(sorted(
        f"{c['name']}<{'hub' if not c['parent'] else 'gone' if c['parent_gone'] else names.get(c['parent'], '?')}"
        f":{c['state']}" for c in coroutines))


def summary(ev):
    kind = ev["event"]
    out = [kind]
    if "coroutine" in ev:
        out.append("coroutine=" + str(ev["coroutine"]["name"]))
    if kind == "blocked":
        out.append("spawn_line=%s" % (ev["spawn_site"] or {}).get("line"))
        out.append("frames=" + ",".join(
            f"{f['function']}:{f['line']}" for f in ev["stack"]))
        out.append(f"capture={ev['capture']} where={site(ev['where'])}")
        out.append(f"threads={len(ev['threads'])} "
                   f"coroutines={ev['coroutines_total']}")
        out.append("tree=" + tree(ev["coroutines"]))
    elif kind == "still_blocked":
        out.append(f"report={ev['report']}")
    elif kind == "unblocked":
        out.append(f"end={ev['end']} reports={ev['report']}")
    elif kind == "must_switch_failed":
        out.append(f"guard={site(ev['guard'])} reason={ev['reason']} "
                   f"action={ev['action']}")
        if ev["stack"]:  # where the program's code begins
            out.append(f"first={ev['stack'][0]['function']}:"
                       f"{ev['stack'][0]['line']}")
    elif kind == "blocking_call":
        out.append(f"call={ev['call']} where={site(ev['where'])} "
                   f"spawn_line={(ev['spawn_site'] or {}).get('line')} "
                   f"action={ev['action']} frames=" + ",".join(
                       f"{f['function']}:{f['line']}" for f in ev["stack"]))
    elif kind == "run_info":
        out.append(f"threads={len(ev['threads'])} "
                   f"coroutines={ev['coroutines_total']}")
    elif kind == "exit_summary":
        out.append(f"incidents={ev['incidents']} sites=" + ",".join(
            f"{site(s['site'])}x{s['incidents']}" for s in ev["sites"]))
        if ev["blocking_calls"]:
            out.append(f"blocking_calls={ev['blocking_calls']}")
        if ev["blocking_calls_suppressed"]:
            out.append("blocking_calls_suppressed="
                       f"{ev['blocking_calls_suppressed']}")
    return "EVENT " + " ".join(out)


def main():
    doc, schema = load_schema()
    if sys.argv[1:] == ["--doc"]:
        try:
            import jsonschema
            jsonschema.Draft202012Validator.check_schema(schema)
        except ImportError:
            pass
        kinds = set()
        for i, text in enumerate(blocks(doc, "example"), 1):
            for ev in values(text):  # one per line, or pretty-printed
                validate(ev, schema, f"doc example {i}")
                kinds.add(ev["event"])
        print(f"examples valid: {' '.join(sorted(kinds))}")
        return
    for n, line in enumerate(sys.stdin, 1):
        if not line.startswith("{"):
            print("TEXT", line.rstrip())  # the program's own output
            continue
        try:
            ev = json.loads(line)
        except json.JSONDecodeError as e:
            sys.exit(f"line {n}: not JSON: {e}")
        validate(ev, schema, f"line {n}")
        print(summary(ev))


if __name__ == "__main__":
    main()
