//===- profile_file_fuzz.cpp - libFuzzer target for profile files ---------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Feeds arbitrary bytes to parseProfileFile (plugin/ProfileFile.cpp), the
//   reader of -fplugin-arg-switchguard-profile-file=, built with ASan and
//   UBSan. Beyond "no crash, no undefined behaviour" it checks what the
//   frontend relies on: every error has a message, and a line and a column
//   from 1 with the line inside the file; a file that parses without
//   errors yields libraries with a name, headers and a name no built-in
//   has, and primitives with a name and argument positions in range.
//
// USAGE
//   bench/fuzz/run.sh BUILD_DIR [SECONDS]       (make fuzz)
//   $BUILD/fuzz/profile_file_fuzz bench/fuzz/corpus/profile_file
//
//===----------------------------------------------------------------------===//
#include "ProfileFile.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace switchguard;

static void check(bool Ok, const char *What) {
  if (!Ok) {
    std::fprintf(stderr, "profile_file_fuzz: invariant broken: %s\n", What);
    std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const ProfileRegistry Registry; // the built-ins, as in the plugin
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  ProfileFile F = parseProfileFile(Text, Registry);
  unsigned Lines = 1 + Text.count('\n');
  for (const ProfileFileError &E : F.Errors) {
    check(E.Line >= 1 && E.Column >= 1, "an error has line and column >= 1");
    check(!E.Message.empty(), "an error says what is wrong");
    check(E.Line <= Lines, "an error's line is inside the file");
  }
  if (!F.Errors.empty())
    return 0;
  for (const Profile &P : F.Libraries) {
    check(!P.Name.empty(), "a library has a name");
    check(!P.Headers.empty(), "a library has headers");
    check(!Registry.find(P.Name), "a library's name is not a built-in's");
    for (const Primitive &Prim : P.Primitives) {
      check(!Prim.Name.empty(), "a primitive has a name");
      for (int Pos : {Prim.Handle, Prim.From, Prim.To, Prim.Entry,
                      Prim.NameArg})
        check(Pos >= NoArg && Pos < 16, "argument positions are 1..16");
    }
  }
  return 0;
}
