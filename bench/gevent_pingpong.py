"""gevent_pingpong.py - gevent's cost per switch, for comparison with
switchguard's: two greenlets hand control to each other N times (2N
switches), in the same process, first with nothing watching, then with
gevent's monitor thread on (config.monitor_thread, which installs
greenlet.settrace on the hub's thread to see every switch). Prints
ns per switch for each, RUNS times, as "plain NS" / "monitor NS" lines.
   /usr/bin/python3 bench/gevent_pingpong.py [N] [RUNS]"""
import sys
import time

import gevent
import greenlet


def pingpong(n):
    def echo(_):
        while True:
            main.switch(None)

    main = greenlet.getcurrent()
    other = greenlet.greenlet(echo)
    start = time.perf_counter_ns()
    for _ in range(n):
        other.switch(None)
    ns = time.perf_counter_ns() - start
    other.throw(greenlet.GreenletExit)
    return ns / (2 * n)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    for _ in range(runs):
        print("plain %.2f" % pingpong(n))
    gevent.config.monitor_thread = True
    hub = gevent.get_hub()
    hub.start_periodic_monitoring_thread()
    if greenlet.gettrace() is None:
        sys.exit("gevent_pingpong: gevent's monitor installed no tracer")
    for _ in range(runs):
        print("monitor %.2f" % pingpong(n))


main()
