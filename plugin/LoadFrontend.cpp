//===- LoadFrontend.cpp - The Clang side, loaded only into clang ----------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   switchguard.so holds the pass and everything it uses, which needs only
//   LLVM's symbols: opt has them as clang does, so opt can load it. The
//   attributes, the frontend action and the facts it gathers derive from
//   Clang's classes, whose symbols exist only in clang; the loader refuses
//   a library that needs one it cannot find. They live in
//   switchguard-clang.so beside this file, which this constructor loads
//   when the process is a clang, before clang looks for plugin actions
//   and attributes. Its registrations then run as if switchguard.so had
//   them itself.
//
// USAGE
//   clang -fplugin=switchguard.so ...            both parts
//   opt -load-pass-plugin=switchguard.so ...     the pass alone
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>
#include <stdio.h>
#include <string>
#include <unistd.h>

namespace {

/// A symbol of clang's own, which VersionCheck.cpp also asks for.
constexpr const char *ClangSymbol = "_ZN5clang19getClangFullVersionB5cxx11Ev";

constexpr const char *ClangSide = "switchguard-clang.so";

std::string besideThisFile(const char *Name) {
  Dl_info Info;
  std::string Dir;
  if (dladdr(reinterpret_cast<void *>(&besideThisFile), &Info) &&
      Info.dli_fname) {
    Dir = Info.dli_fname;
    size_t Slash = Dir.rfind('/');
    Dir = Slash == std::string::npos ? "" : Dir.substr(0, Slash + 1);
  }
  return Dir + Name;
}

// After the version check (priority 101): a plugin for another clang
// stops there, before anything is loaded.
__attribute__((constructor(102))) void loadClangSide() {
  if (!dlsym(RTLD_DEFAULT, ClangSymbol))
    return;
  std::string Path = besideThisFile(ClangSide);
  if (dlopen(Path.c_str(), RTLD_NOW | RTLD_GLOBAL))
    return;
  // Without it clang would compile as if no plugin were given.
  fprintf(stderr, "switchguard: error: cannot load %s: %s\n", Path.c_str(),
          dlerror());
  _exit(1);
}

} // namespace
