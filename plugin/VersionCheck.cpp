//===- VersionCheck.cpp - Refuse to run in the wrong clang ----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   A plugin shares C++ classes with the clang that loads it, and LLVM keeps
//   that ABI only within one major.minor release (its shared library is
//   libLLVM.so.19.1). Loaded into another clang, the plugin crashes deep in
//   its first callback (an LLVM-22 build in clang 19 dies registering its
//   pass). So before any other code of the plugin runs — this constructor
//   has a priority, the other static initializers (attribute and action
//   registration) do not — ask the running LLVM for its version through
//   its C API, which is the same in every release, and stop with one clear
//   line if it is not the version the plugin was compiled against.
//
//   Nothing here includes a Clang or LLVM C++ header but llvm-config.h, so
//   this file itself cannot depend on the ABI it checks.
//
// USAGE
//   /usr/lib/llvm-19/bin/clang -fplugin=build-22/lib/switchguard.so -c x.c
//   -> switchguard: error: this plugin was built for clang 22.1 ...
//
//===----------------------------------------------------------------------===//
#include "llvm/Config/llvm-config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <unistd.h>

// The clang this plugin was configured with (plugin/CMakeLists.txt).
#ifndef SWG_BUILT_FOR_CLANG
#define SWG_BUILT_FOR_CLANG "the clang it was built with"
#endif

namespace {

struct Version {
  unsigned Major = 0, Minor = 0, Patch = 0;
};

/// The running LLVM's version: LLVMGetVersion (C API, LLVM 16+) when the
/// process exports it (Debian's clang links libLLVM.so, which does), else
/// clang::getClangFullVersion() from clang's own symbols. False if neither
/// is visible: then nothing can be checked and the plugin goes on.
bool runningVersion(Version &V) {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  if (auto Fn = reinterpret_cast<GetVersionFn>(
          dlsym(RTLD_DEFAULT, "LLVMGetVersion"))) {
    Fn(&V.Major, &V.Minor, &V.Patch);
    return V.Major != 0;
  }
  // std::string is returned the same way by every clang of one libstdc++.
  using FullVersionFn = std::string (*)();
  if (auto Fn = reinterpret_cast<FullVersionFn>(
          dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev"))) {
    std::string S = Fn();
    size_t At = S.find("version ");
    return At != std::string::npos &&
           sscanf(S.c_str() + At + 8, "%u.%u.%u", &V.Major, &V.Minor,
                  &V.Patch) >= 2;
  }
  return false;
}

std::string pluginPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&pluginPath), &Info) && Info.dli_fname)
    return Info.dli_fname;
  return "switchguard.so";
}

std::string clangPath() {
  char Buf[PATH_MAX];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  return N > 0 ? std::string(Buf, static_cast<size_t>(N)) : "clang";
}

__attribute__((constructor(101))) void checkClangVersion() {
  Version V;
  if (!runningVersion(V))
    return;
  if (V.Major == LLVM_VERSION_MAJOR && V.Minor == LLVM_VERSION_MINOR)
    return;
  // One line, then exit: returning would let the other initializers and
  // the first callback run against the wrong ABI and crash.
  fprintf(stderr,
          "switchguard: error: %s was built for clang %d.%d but is loaded "
          "into clang %u.%u.%u (%s); use the switchguard built for LLVM %u "
          "(cmake -DSWITCHGUARD_LLVM=%u), or compile with %s\n",
          pluginPath().c_str(), LLVM_VERSION_MAJOR, LLVM_VERSION_MINOR,
          V.Major, V.Minor, V.Patch, clangPath().c_str(), V.Major, V.Major,
          SWG_BUILT_FOR_CLANG);
  _exit(1); // no exit(): clang's atexit handlers belong to a working clang
}

} // namespace
