//===- PluginArgs.cpp - Parsing the plugin's arguments --------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   One parser, from the table in PluginArgs.def, for both ways the plugin
//   is given arguments: -fplugin-arg-switchguard-NAME[=VALUE] under clang
//   (FrontendAction.cpp) and -passes='switchguard<NAME[=VALUE];...>' under
//   opt (SwitchguardPass.cpp). Each caller words its own error.
//
//===----------------------------------------------------------------------===//
#include "Options.h"

using namespace llvm;

namespace switchguard {
namespace {

bool isKnownProfile(StringRef Name) {
  if (Name == "user")
    return true;
  for (const Profile &P : builtinProfiles())
    if (P.Name == Name)
      return true;
  return false;
}

} // namespace

std::optional<PluginArgError> applyPluginArg(PluginOptions &Opts,
                                             StringRef Arg) {
  auto [Name, Value] = Arg.split('=');
  bool HasValue = Arg.contains('=');
#define SWG_PLUGIN_LIST(NAME, FIELD, METAVAR, HELP)                            \
  if (Name == NAME) {                                                          \
    SmallVector<StringRef, 8> Names;                                           \
    Value.split(Names, ',', -1, /*KeepEmpty=*/false);                          \
    for (StringRef N : Names) {                                                \
      if (!isKnownProfile(N))                                                  \
        return PluginArgError{PluginArgError::UnknownProfile, N.str()};        \
      Opts.FIELD.push_back(N.str());                                           \
    }                                                                          \
    return std::nullopt;                                                       \
  }
#define SWG_PLUGIN_PATH(NAME, FIELD, METAVAR, HELP)                            \
  if (Name == NAME && !Value.empty()) {                                        \
    Opts.FIELD.push_back(Value.str());                                         \
    return std::nullopt;                                                       \
  }
#define SWG_PLUGIN_FLAG(NAME, FIELD, SETS, HELP)                               \
  if (Name == NAME && !HasValue) {                                             \
    Opts.FIELD = SETS;                                                         \
    return std::nullopt;                                                       \
  }
#include "PluginArgs.def"
  return PluginArgError{PluginArgError::UnknownArgument, Arg.str()};
}

std::string validPluginArgs() {
  std::string Valid;
  auto Add = [&](StringRef Name, StringRef Meta) {
    Valid += (Valid.empty() ? "" : ", ") + Name.str();
    if (!Meta.empty())
      Valid += "=" + Meta.str();
  };
#define SWG_PLUGIN_LIST(NAME, FIELD, METAVAR, HELP) Add(NAME, METAVAR);
#define SWG_PLUGIN_PATH(NAME, FIELD, METAVAR, HELP) Add(NAME, METAVAR);
#define SWG_PLUGIN_FLAG(NAME, FIELD, SETS, HELP) Add(NAME, "");
#include "PluginArgs.def"
  return Valid;
}

std::string knownProfiles() {
  std::string Known;
  for (const Profile &P : builtinProfiles())
    Known += (Known.empty() ? "" : ", ") + P.Name;
  return Known;
}

} // namespace switchguard
