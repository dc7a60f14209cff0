// Intent: a site says what happened there: its primitive, or for a site the compiler made without one (a body's start and return, a hub's entry) its role in words; the JSON site has a `role` always (null only for a place taken from a stack) and `primitive` the callee or null.
// RUN: %swgcc -g -O1 %rtinc %s -o %t
// RUN: %t | FileCheck %s
#include "report.h"

#include <stdio.h>

static void show(const struct swg_site *site) {
  struct swg_event_site e = site ? swg__event_site(site)
                                 : (struct swg_event_site){"f", "stack.c", 3};
  struct swg_buf b = {0};
  swg__site_text(&b, &e);
  swg__bprintf(&b, " | ");
  swg__site_json(&b, &e);
  printf("%.*s\n", (int)b.len, b.p);
  swg__bfree(&b);
}

int main(void) {
  static const struct swg_site exit_site = {
      .function = "handle_conn", .file = "echo.c", .line = 62, .column = 3,
      .role = SWG_ROLE_EXIT, .library = "user"};
  static const struct swg_site begin = {
      .function = "handle_conn", .file = "echo.c", .line = 50,
      .role = SWG_ROLE_BEGIN, .library = "user"};
  static const struct swg_site hub = {
      .function = "loop", .file = "echo.c", .line = 90,
      .role = SWG_ROLE_HUB, .library = "user"};
  static const struct swg_site resume = {
      .function = "main", .file = "echo.c", .line = 99, .column = 5,
      .role = SWG_ROLE_RESUME, .primitive = "co_call", .library = "pcl"};
  show(&exit_site);
  show(&begin);
  show(&hub);
  show(&resume);
  show(NULL);
  return 0;
}
// CHECK: coroutine exit in handle_conn at echo.c:62:3 | {"function":"handle_conn","file":"echo.c","line":62,"column":3,"role":"exit","primitive":null,"library":"user"}
// CHECK-NEXT: coroutine start in handle_conn at echo.c:50:0 | {{.*}}"role":"begin","primitive":null,
// CHECK-NEXT: hub entry in loop at echo.c:90:0 | {{.*}}"role":"hub","primitive":null,
// CHECK-NEXT: co_call in main at echo.c:99:5 | {{.*}}"role":"resume","primitive":"co_call","library":"pcl"}
// CHECK-NEXT: f at stack.c:3:0 | {"function":"f","file":"stack.c","line":3,"column":0,"role":null,"primitive":null,"library":null}
