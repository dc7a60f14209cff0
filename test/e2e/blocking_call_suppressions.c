// Intent: a suppressions file given at run time (option suppressions=PATH, the plugin's format) accepts the blocking calls its [blocking] entries match on the call's stack: lib: a library built without the plugin, fun: a function on the stack, call: the blocking function, src: a source file; the rest are still reported and the exit summary counts what was suppressed; with blocking_calls=abort a suppressed call does not abort; a mistake in the file or a file that cannot be read is one line naming it, and nothing is suppressed.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %clang -g -O1 -fPIC -shared -DVENDOR %s -o %t.dir/libvendor.so
// RUN: %swgcc -g -O1 %s -L%t.dir -Wl,-rpath,%t.dir -lvendor -lpcl -o %t
// RUN: %t 2>&1 >/dev/null | FileCheck %s --check-prefix=ALL
// RUN: printf '# third-party code\n[blocking]\nlib:*/libvendor.so\nfun:legacy_*\n\n  call:getaddr*  \n[must-switch]\nfun:poll_once\n' > %t.supp
// RUN: env SWITCHGUARD_OPTIONS=suppressions=%t.supp %t 2>&1 >/dev/null | FileCheck %s --check-prefix=SOME --implicit-check-not='blocking call'
// RUN: env SWITCHGUARD_OPTIONS=suppressions=%t.supp:format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
// RUN: printf 'src:*/blocking_call_suppressions.c\n' > %t.src.supp
// RUN: env SWITCHGUARD_OPTIONS=suppressions=%t.src.supp:blocking_calls=abort %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not='blocking call' --implicit-check-not=switchguard
// RUN: printf '[blocking]\nfun:legacy_*\nfunc:worker\n' > %t.bad.supp
// RUN: env SWITCHGUARD_OPTIONS=suppressions=%t.bad.supp %t 2>&1 >/dev/null | FileCheck %s --check-prefix=BAD -DSUPP=%t.bad.supp
// RUN: env SWITCHGUARD_OPTIONS=suppressions=%t.missing %t 2>&1 >/dev/null | FileCheck %s --check-prefix=MISSING -DSUPP=%t.missing
#include <unistd.h>

#ifdef VENDOR
/* A library built without the plugin, as third-party code is. */
int vendor_flush(void) { return usleep(1000) == 0 ? 0 : -1; }
#else
#include "../Inputs/pcl_hub.h"
#include <netdb.h>

int vendor_flush(void);

static void legacy_sync(void) { usleep(1500); }

static void worker(void *arg) {
  (void)arg;
  struct addrinfo *res;
  vendor_flush();
  legacy_sync();
  if (getaddrinfo("localhost", NULL, NULL, &res) == 0)
    freeaddrinfo(res);
  usleep(2000);
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(worker, NULL, NULL, 64 * 1024));
  printf("done\n");
  return 0;
}
#endif

// ALL: blocking call usleep() {{.*}}: sleeps 1000 us
// ALL: #0 {{.*}} in vendor_flush {{.*}}blocking_call_suppressions.c:18
// ALL: blocking call usleep() {{.*}}: sleeps 1500 us
// ALL: blocking call getaddrinfo()
// ALL: blocking call usleep() {{.*}}: sleeps 2000 us
// ALL: exit summary: 0 blocking incidents; 4 blocking calls in coroutines{{$}}

// SOME: blocking call usleep() in coroutine 'worker' {{.*}}: sleeps 2000 us
// SOME: SUMMARY: switchguard: blocking call usleep() in coroutine 'worker' in worker {{.*}}blocking_call_suppressions.c:34
// SOME: exit summary: 0 blocking incidents; 1 blocking call in coroutines; 3 blocking calls suppressed

// JSON: EVENT blocking_call coroutine=worker call=usleep where=worker:34
// JSON: EVENT exit_summary {{.*}}blocking_calls=1 blocking_calls_suppressed=3

// NONE: done

// BAD: switchguard: suppressions file '[[SUPP]]' line 3: unknown prefix 'func:'; expected src:, fun:, lib: or call:; no blocking call is suppressed
// BAD: exit summary: 0 blocking incidents; 4 blocking calls in coroutines{{$}}

// MISSING: switchguard: cannot read suppressions file '[[SUPP]]': No such file or directory; no blocking call is suppressed
// MISSING: exit summary: 0 blocking incidents; 4 blocking calls in coroutines{{$}}
