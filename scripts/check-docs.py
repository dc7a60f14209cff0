#!/usr/bin/env python3
"""Keeps the documentation honest (make docs, and test/integration/docs_*).

    check-docs.py links                  every relative link and #anchor in
                                         README.md and docs/ leads somewhere
    check-docs.py samples CC OUTDIR      every ```c sample compiles with CC
                                         (switchguard-cc); one with main()
                                         also links
    check-docs.py extract FILE OUTDIR    writes FILE's samples marked
                                         <!-- sample: file=NAME --> to
                                         OUTDIR/NAME, for tests to build

A C sample may be a fragment. Hidden context makes it a translation unit:
an HTML comment right before the fence and one right after it (GitHub
does not show them):

    <!-- sample: before
    #include <switchguard.h>
    void f(void) {
    -->
    ```c
    SWG_ASSERT_SWITCHES(0) { work(); }
    ```
    <!-- sample: after
    }
    -->

Libraries are linked from the headers a program includes (pcl.h: -lpcl).
Exits non-zero after listing every problem.
"""
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LIBS = {"pcl.h": "-lpcl", "st.h": "-lst", "pthread.h": "-lpthread",
        "math.h": "-lm"}
FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)\s*$")


def doc_files():
    docs = os.path.join(ROOT, "docs")
    return [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))


def rel(path):
    return os.path.relpath(path, ROOT)


def blocks(text):
    """(language, code, line, before, after, file) for each fenced block."""
    lines = text.split("\n")
    i, out = 0, []
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, lang = i, m.group(1)
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        code = "\n".join(lines[i + 1:j]) + "\n"
        before = hidden(lines, start, -1)
        after = hidden(lines, j, +1)
        name = None
        k = start - 1
        if k >= 0 and lines[k].startswith("<!-- sample: file="):
            name = lines[k][len("<!-- sample: file="):].split()[0]
        out.append((lang, code, start + 1, before or "", after or "", name))
        i = j + 1
    return out


def hidden(lines, at, step):
    """The text of a `<!-- sample: before|after ... -->` comment just
    before (step -1) or after (step +1) the fence at `at`."""
    word = "before" if step < 0 else "after"
    if step < 0:
        end = at - 1
        if end < 0 or lines[end].strip() != "-->":
            return None
        k = end
        while k >= 0 and not lines[k].startswith("<!-- sample: " + word):
            k -= 1
        return "\n".join(lines[k + 1:end]) + "\n" if k >= 0 else None
    k = at + 1
    if k >= len(lines) or not lines[k].startswith("<!-- sample: after"):
        return None
    end = k
    while end < len(lines) and lines[end].strip() != "-->":
        end += 1
    return "\n".join(lines[k + 1:end]) + "\n"


# ---- links -------------------------------------------------------------------

def slug(heading):
    """GitHub's anchor for a heading."""
    h = re.sub(r"`|\*\*|\*|_(?=\w)|(?<=\w)_|\[|\]\([^)]*\)", "", heading.strip())
    h = h.lower()
    h = "".join(c for c in h if c in " -_" or unicodedata.category(c)[0] in "LN")
    return h.replace(" ", "-")


def anchors(path):
    found, seen = set(), {}
    in_code = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                in_code = not in_code
            if in_code:
                continue
            m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                s = slug(m.group(1))
                n = seen.get(s, 0)
                seen[s] = n + 1
                found.add(s if n == 0 else f"{s}-{n}")
            for a in re.findall(r'<a (?:name|id)="([^"]+)"', line):
                found.add(a)
    return found


def check_links():
    problems = []
    for path in doc_files():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"```.*?```", "", text, flags=re.S)  # no links in code
        text = re.sub(r"`[^`\n]*`", "", text)
        targets = re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text)
        targets += re.findall(r'<img [^>]*src="([^"]+)"', text)
        for t in targets:
            if re.match(r"^[a-z]+:", t):  # http:, https:, mailto:
                continue
            file_part, _, frag = t.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) \
                if file_part else path
            if not os.path.exists(dest):
                problems.append(f"{rel(path)}: dead link '{t}' (no {rel(dest)})")
            elif frag and dest.endswith(".md") and frag not in anchors(dest):
                problems.append(f"{rel(path)}: dead link '{t}' (no heading "
                                f"#{frag} in {rel(dest)})")
    return problems


# ---- samples -------------------------------------------------------------------

def check_samples(cc, outdir):
    os.makedirs(outdir, exist_ok=True)
    problems, n = [], 0
    standins = os.path.join(ROOT, "test", "Inputs", "standins")
    for path in doc_files():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for lang, code, line, before, after, _ in blocks(text):
            if lang != "c":
                continue
            n += 1
            src = before + code + after
            name = f"{os.path.basename(path)[:-3]}_{line}"
            c = os.path.join(outdir, name + ".c")
            with open(c, "w") as f:  # errors point into the doc itself
                f.write(f'{before}#line {line + 1} "{rel(path)}"\n{code}{after}')
            program = re.search(r"\bint\s+main\s*\(", src) is not None
            cmd = [cc, "-g", "-O1", "-I", standins, c]
            if program:
                libs = [v for h, v in LIBS.items() if f"<{h}>" in src]
                cmd += ["-o", os.path.join(outdir, name)] + libs
            else:
                cmd += ["-c", "-o", os.path.join(outdir, name + ".o")]
            r = subprocess.run(cmd, capture_output=True, text=True)
            kind = "program" if program else "unit"
            if r.returncode:
                problems.append(f"{rel(path)}:{line}: the C sample ({kind}) does "
                                f"not compile:\n{r.stderr.strip()}")
            else:
                print(f"ok {rel(path)}:{line} ({kind})")
    print(f"{n} C samples")
    return problems


def extract(path, outdir):
    os.makedirs(outdir, exist_ok=True)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    names = []
    for _, code, _, _, _, name in blocks(text):
        if name:
            with open(os.path.join(outdir, name), "w") as f:
                f.write(code)
            names.append(name)
    print(" ".join(names))
    return [] if names else [f"{rel(path)}: no <!-- sample: file=... --> blocks"]


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("links", "samples", "extract"):
        sys.exit(__doc__)
    mode = sys.argv[1]
    if mode == "links":
        problems = check_links()
        if not problems:
            print(f"links ok in {len(doc_files())} files")
    elif mode == "samples":
        problems = check_samples(sys.argv[2], sys.argv[3])
    else:
        problems = extract(sys.argv[2], sys.argv[3])
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
