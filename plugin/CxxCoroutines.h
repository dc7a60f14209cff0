//===- CxxCoroutines.h - Hooks in C++20 coroutines --------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   C++20 coroutines as a library kind of their own ("cxx20"). At the start
//   of the pipeline a coroutine is still one function (presplitcoroutine)
//   with its llvm.coro.* intrinsics; the coroutines that count (tasks of
//   the event-loop libraries, or the user's own task types) get the
//   runtime's hooks there, before CoroSplit cuts them up:
//     after coro.begin        the frame is the handle: registered under the
//                             coroutine's demangled name, and entered;
//     before each coro.save   left for whoever resumed it;
//     each resume edge        entered again (the edge is split: clang shares
//                             it with await_ready() returning true);
//     unwinding coro.end,     left, if it was running;
//     coro.free               and then destroyed.
//   A call that creates such a coroutine in this module names itself as its
//   spawn site. Generators and a library's own coroutines get nothing.
//
// USAGE
//   switchguard-c++ -std=c++20 -O2 app.cpp
//   opt -load-pass-plugin=switchguard.so \
//       -passes='switchguard<profile-file=tasks.yaml>' -S app.ll
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_CXXCOROUTINES_H
#define SWITCHGUARD_CXXCOROUTINES_H

#include "Attributes.h"
#include "Options.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace llvm {
class CallBase;
class Function;
class Module;
} // namespace llvm

namespace switchguard {

class SiteTable;

/// The profile name that turns C++20 coroutines on or off in profiles=.
constexpr llvm::StringRef CxxProfileName = "cxx20";

/// What a coroutine is, by its promise type and where it is defined.
enum class CoroKind {
  Task,      ///< an event loop's task: hooked
  Generator, ///< runs synchronously inside its caller: not a blockage
  Library,   ///< defined in a library's own code (asio's entry points)
  Unknown,   ///< a promise type no profile names: not hooked
};

/// \p F is a presplit coroutine; \p UserTasks: the task types a profile
/// file names.
CoroKind classifyCoroutine(const llvm::Function &F,
                           llvm::ArrayRef<std::string> UserTasks);

/// The name a report gives \p F: demangled, without parameters or return
/// type ("session::run"); the IR name if it does not demangle.
std::string coroutineName(const llvm::Function &F);

/// The task coroutines defined in \p M (none if profiles= leaves cxx20
/// out), each with its name, in the module's order: those classified as
/// tasks, and those marked swg_coroutine that are not a library's own.
llvm::MapVector<llvm::Function *, std::string>
findTaskCoroutines(llvm::Module &M, const PluginOptions &Opts,
                   const FrontendFacts &Facts);

/// Hooks the coroutines \p Tasks and the calls that create them. True if
/// anything changed.
bool hookCxxCoroutines(
    llvm::Module &M, const PluginOptions &Opts, const FrontendFacts &Facts,
    SiteTable &Sites,
    const llvm::MapVector<llvm::Function *, std::string> &Tasks);

/// Takes the coroutines out of \p Must: a coroutine's scope is its whole
/// life, from its start to its final suspend, which the ramp function's
/// entry and returns do not bound. Returns them, in the module's order.
llvm::SmallVector<llvm::Function *, 4> takeMustSwitchCoroutines(
    llvm::Module &M, llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must);

/// Warns at the final suspend of each coroutine of \p Coros (must_switch)
/// that a path from its start reaches without a co_await or co_yield.
void checkMustSwitchCoroutines(llvm::ArrayRef<llvm::Function *> Coros,
                               const FrontendFacts &Facts);

/// The function a call of llvm.coro.await.suspend.* runs: clang's wrapper
/// of the awaiter's await_suspend, which the checks follow like a call.
llvm::Function *awaitSuspendWrapper(const llvm::CallBase &CB);

} // namespace switchguard

#endif // SWITCHGUARD_CXXCOROUTINES_H
