/* no_ptrace.c - runs a program where ptrace is forbidden.
 *
 *   no_ptrace [--no-vm-readv] PROGRAM ARGS...
 *
 * Installs a seccomp filter (with no_new_privs, so no privilege is needed)
 * that makes ptrace(2) fail with EPERM, as in containers that forbid it;
 * --no-vm-readv forbids process_vm_readv(2) too. Checks that the filter
 * works, says so on stderr, and execs PROGRAM, which inherits the filter.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#endif

int main(int argc, char **argv) {
  int vm = argc > 1 && !strcmp(argv[1], "--no-vm-readv");
  if (argc < 2 + vm) {
    fprintf(stderr, "usage: %s [--no-vm-readv] PROGRAM ARGS...\n", argv[0]);
    return 2;
  }
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ptrace, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, vm ? SYS_process_vm_readv : SYS_ptrace, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
  };
  struct sock_fprog prog = {sizeof filter / sizeof *filter, filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
    perror("no_ptrace: seccomp");
    return 2;
  }
  /* An invalid request: EIO or ESRCH if ptrace were allowed. */
  errno = 0;
  if (syscall(SYS_ptrace, -12345L, 0L, 0L, 0L) != -1 || errno != EPERM) {
    fprintf(stderr, "no_ptrace: the filter does not work (errno %d)\n", errno);
    return 2;
  }
  fprintf(stderr, "no_ptrace: ptrace%s forbidden\n",
          vm ? " and process_vm_readv" : "");
  execvp(argv[1 + vm], argv + 1 + vm);
  perror("no_ptrace: exec");
  return 127;
}
