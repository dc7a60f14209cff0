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
#include <string>
#include <vector>

namespace switchguard {

struct PluginOptions {
  /// -profiles=L1,L2: only these libraries, matched by name alone.
  std::vector<std::string> Profiles;
  /// -profile-file=PATH (may be given more than once).
  std::vector<std::string> ProfileFiles;
  /// -suppressions=PATH (may be given more than once).
  std::vector<std::string> SuppressionFiles;
  /// -no-instrument: parse attributes and warn, but insert no hooks.
  bool Instrument = true;
  /// -no-inline: call the runtime at every switch instead of inlining its
  /// fast path (IR that is easier to read).
  bool InlineFastPath = true;
  /// Summaries for switchguard-check in every object; -no-summary keeps
  /// them to objects that have coroutines or must_switch functions.
  bool Summary = true;
  /// -no-warn-must-switch, -no-warn-blocking: turn a check off.
  bool WarnMustSwitch = true;
  bool WarnBlocking = true;
  /// Sibling-call optimisation off in the program's functions, so that a
  /// blocked stack shows every frame; -sibling-calls allows it again.
  bool KeepFrames = true;
  /// -werror: the plugin's warnings are errors, under -Werror or not.
  bool Werror = false;
  /// -verify: check the module right after instrumenting it (the tests do;
  /// clang's release builds do not verify IR by themselves).
  bool Verify = false;
  /// Source lines were turned on by the plugin, not asked for with -g: the
  /// pass drops them once it has used them, so that the rest of the
  /// pipeline runs as fast as it would without them.
  bool DropLocations = false;
};

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
