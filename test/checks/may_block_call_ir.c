// Intent: SWG_MAY_BLOCK_CALL leaves no marker behind: with the plugin, at
// -O0 and -O2, in C and C++, for a call returning void and one returning a
// value, the object's IR has no llvm.annotation call and no marker string,
// and the marked call carries !switchguard.may_block; without the plugin
// (plain clang, GCC) the macro is the call alone and compiles cleanly.
// RUN: %clang %plugin -I%S/../../runtime/include -O0 -S -emit-llvm -o - %s 2>&1 | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -I%S/../../runtime/include -O2 -S -emit-llvm -o - %s 2>&1 | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -I%S/../../runtime/include -O0 -x c++ -S -emit-llvm -o - %s 2>&1 | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -I%S/../../runtime/include -O2 -x c++ -S -emit-llvm -o - %s 2>&1 | FileCheck %s --check-prefix=IR
// RUN: %clang -I%S/../../runtime/include -Wall -Wextra -Wcomma -Werror -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=PLAIN
// RUN: %clang -I%S/../../runtime/include -Wall -Wextra -Wcomma -Werror -x c++ -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=PLAIN
// RUN: gcc -I%S/../../runtime/include -Wall -Wextra -Werror -O2 -c -o /dev/null %s
// RUN: g++ -DSWG_NO_RUNTIME -I%S/../../runtime/include -Wall -Wextra -Werror -x c++ -O2 -c -o /dev/null %s
#include <switchguard.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif
void log_line(const char *s);
#ifdef __cplusplus
}
#endif

// IR-NOT: switchguard.may_block\00
// IR-LABEL: define {{.*}}read_one
// IR-NOT: llvm.annotation
// IR: call {{.*}}@log_line({{.*}}!switchguard.may_block
// IR-NOT: llvm.annotation
// IR: call {{.*}}@read({{.*}}!switchguard.may_block
// IR-NOT: llvm.annotation
// PLAIN-NOT: llvm.annotation
// PLAIN-NOT: switchguard.may_block
int read_one(int fd) {
  char c;
  SWG_MAY_BLOCK_CALL(log_line("reading"));
  return (int)SWG_MAY_BLOCK_CALL(read(fd, &c, 1));
}
