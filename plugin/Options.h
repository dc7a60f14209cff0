//===- Options.h - What the frontend hands to the pass ----------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The plugin's arguments (-fplugin-arg-switchguard-NAME[=VALUE]) and the
//   facts the frontend gathers for the pass. Both are plain data: the pass
//   sees no Clang types.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_OPTIONS_H
#define SWITCHGUARD_OPTIONS_H

#include "Profiles.h"
#include "Suppressions.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/DiagnosticInfo.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace switchguard {

/// The plugin's arguments (PluginArgs.def), and what the frontend found
/// about how it was run.
struct PluginOptions {
#define SWG_PLUGIN_LIST(NAME, FIELD, METAVAR, HELP)                            \
  std::vector<std::string> FIELD;
#define SWG_PLUGIN_PATH(NAME, FIELD, METAVAR, HELP)                            \
  std::vector<std::string> FIELD;
#define SWG_PLUGIN_FLAG(NAME, FIELD, SETS, HELP) bool FIELD = !(SETS);
#include "PluginArgs.def"
  /// Source lines were turned on by the plugin, not asked for with -g: the
  /// pass drops them once it has used them, so that the rest of the
  /// pipeline runs as fast as it would without them.
  bool DropLocations = false;
};

/// An argument applyPluginArg refused.
struct PluginArgError {
  enum { UnknownArgument, UnknownProfile } Kind;
  std::string What; ///< the whole argument, or the unknown profile's name
};

/// Applies one argument, NAME or NAME=VALUE, to \p Opts. A profiles list
/// stops at its first unknown name, keeping the names before it.
std::optional<PluginArgError> applyPluginArg(PluginOptions &Opts,
                                             llvm::StringRef Arg);

/// "profiles=LIST, profile-file=PATH, ..., verify": every argument.
std::string validPluginArgs();

/// "ucontext, pcl, ...": the built-in profiles' names.
std::string knownProfiles();

struct FrontendFacts {
  /// Every library this compilation knows, with the user's marked
  /// functions added as the frontend meets them.
  ProfileRegistry Registry;
  /// Candidate primitive name -> the header that first declared it.
  llvm::StringMap<std::string> DeclaredIn;
  /// Functions marked swg_hub, swg_coroutine and swg_may_block.
  llvm::StringSet<> Hubs, Coroutines, MayBlock;
  /// The findings the suppressions files accept.
  Suppressions Suppress;
  /// Where each SWG_MAY_BLOCK_CALL(...) is written, from its name to its
  /// closing parenthesis, as debug locations give lines and columns. Its
  /// marker sits at the start; the calls it covers lie within.
  struct Range {
    std::string File;
    unsigned Line, Column, EndLine, EndColumn;
  };
  std::vector<Range> MayBlockCalls;
  /// Functions declared in system headers (libc): they never switch.
  llvm::StringSet<> SystemFunctions;
  /// More blocking functions, from profile files.
  std::vector<std::string> Blocking;
  /// C++ task types whose coroutines are hooked, from profile files.
  std::vector<std::string> CxxTasks;
  /// IR name -> library, for the functions of a library's own
  /// implementation compiled here: not instrumented, not checked, and
  /// their scheduler waits are hub time.
  llvm::StringMap<std::string> LibraryFunctions;
  /// Reports a warning of the checks at a source location, through the
  /// compiler's diagnostics.
  std::function<void(const llvm::DiagnosticLocation &, const std::string &)>
      Warn;
};

} // namespace switchguard

#endif // SWITCHGUARD_OPTIONS_H
