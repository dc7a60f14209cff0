//===- ProfileFile.h - Profiles for libraries switchguard does not know -*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Reads a profile file (YAML, docs/libraries.md shows the format) given
//   with -fplugin-arg-switchguard-profile-file=PATH, using LLVM's YAML
//   parser. Every mistake comes back with its line and column, so the
//   frontend reports it as a compile error at that place in the file.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_PROFILEFILE_H
#define SWITCHGUARD_PROFILEFILE_H

#include "Profiles.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace switchguard {

struct ProfileFileError {
  unsigned Line = 0, Column = 0; ///< 1-based; 0 when the file is unreadable
  std::string Message;
};

/// Where a profile file names a function, for the mistakes only its
/// declaration shows (a parameter it does not have, a name it never
/// declares): the name, and the value of each parameter key.
struct ProfilePlace {
  unsigned Line = 0, Column = 0;
};
struct NamePlaces {
  std::string Library, Name;
  bool Self = false; ///< the library's `self`, not a primitive
  ProfilePlace At;
  std::vector<std::pair<std::string, ProfilePlace>> Keys; ///< "to" -> value
};

struct ProfileFile {
  std::vector<Profile> Libraries;
  std::vector<NamePlaces> Places;
  std::vector<std::string> Blocking; ///< more blocking functions (analysis)
  std::vector<std::string> Tasks;    ///< C++ task types (CxxCoroutines.cpp)
  std::vector<ProfileFileError> Errors;
};

/// Parses \p Text (the contents of a profile file). Names of built-in
/// profiles are reserved: \p Reserved says whether a name is taken.
ProfileFile parseProfileFile(llvm::StringRef Text,
                             const ProfileRegistry &Reserved);

} // namespace switchguard

#endif // SWITCHGUARD_PROFILEFILE_H
