#!/usr/bin/env python3
"""Runs the same program built two ways (with switchguard, and plain) in
one mode and prints how each ended and what it wrote to stdout, then
"same" or "DIFFERENT".

  compare.py SWG_BINARY PLAIN_BINARY MODE [SIGNAL [DELAY_MS]]

With SIGNAL (a name: TERM, INT, ...), the signal is sent to the process
(kill(2), process-directed) DELAY_MS after it printed "ready". Each run
starts with default dispositions, no signal blocked and no core dumps, and
is killed after 30 s with its process group (reported as "hung"): a
process that never ends fails the test instead of hanging it. stderr
(switchguard's reports) is not compared; it is printed after the verdict,
for a failing test's log.
"""
import os
import resource
import signal
import subprocess
import sys
import time

TIMEOUT_S = 30


def child_setup():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT,
                signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def run(binary, mode, signame, delay_ms):
    # A group of its own: a hung child of the program is killed with it.
    proc = subprocess.Popen([binary, mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=child_setup,
                            start_new_session=True)
    out = b""
    start = time.monotonic()
    if signame:
        while not out.endswith(b"ready\n"):
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            out += chunk
        time.sleep(delay_ms / 1000.0)
        os.kill(proc.pid, getattr(signal, "SIG" + signame))
    try:
        rest, err = proc.communicate(timeout=TIMEOUT_S)
        ended = ("exit %d" % proc.returncode if proc.returncode >= 0 else
                 "signal %s" % signal.Signals(-proc.returncode).name)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate()
        ended = "hung"
    return ended, (out + rest).decode(errors="replace"), \
        err.decode(errors="replace"), time.monotonic() - start


def main():
    swg, plain, mode = sys.argv[1:4]
    signame = sys.argv[4] if len(sys.argv) > 4 else None
    delay_ms = int(sys.argv[5]) if len(sys.argv) > 5 else 300
    results = {}
    for name, binary in (("switchguard", swg), ("plain", plain)):
        results[name] = run(binary, mode, signame, delay_ms)
        ended, out, _, took = results[name]
        print("%s: %s after %.1f s" % (name, ended, took))
        for line in out.splitlines():
            print("%s| %s" % (name, line))
    same = all(results["switchguard"][i] == results["plain"][i]
               for i in (0, 1))
    print("same: %s" % results["plain"][0] if same else "DIFFERENT")
    for name in ("switchguard", "plain"):
        for line in results[name][2].splitlines():
            print("%s stderr| %s" % (name, line))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
