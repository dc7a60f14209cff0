//===- Hooks.h - The runtime's hooks around each switch ---------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The per-call rewriting of the pass (SwitchguardPass.cpp): the hooks
//   (RuntimeHooks.h) around each call of a switch primitive, at the entry
//   and returns of coroutine bodies and hub functions, and around the
//   scheduler waits of a library's own code. Which calls and functions
//   get them is the pass's choice.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_HOOKS_H
#define SWITCHGUARD_HOOKS_H

#include "FastPath.h"
#include "Options.h"
#include "Profiles.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/IRBuilder.h"

namespace llvm {
class CallBase;
class Function;
class Module;
} // namespace llvm

namespace switchguard {

class SiteTable;
struct SiteInfo;

/// The function a create or start call runs as the coroutine's body, if
/// this module names it: an argument, or (minicoro) the argument of the
/// describing call that filled the descriptor passed in.
llvm::Function *entryFunction(llvm::CallBase &CB, const Primitive &P);

class HookInserter {
public:
  HookInserter(llvm::Module &M, const PluginOptions &Opts, SiteTable &Sites);

  /// The hooks around \p CB, a call of the primitive \p Mt.
  void instrument(llvm::CallBase &CB, const Match &Mt);
  /// Names the running coroutine at the entry of \p F, a body \p Lib (null:
  /// the user's) starts out of our sight, and says at each of its returns
  /// that it is leaving.
  void beginBody(llvm::Function &F, const Profile *Lib);
  /// __swg_hub at the entry of \p F, marked swg_hub.
  void markHub(llvm::Function &F);
  /// Brackets the sleeps and descriptor waits in \p F, code of \p Lib's own
  /// implementation, as hub time.
  void bracketSchedulerWaits(llvm::Function &F, const Profile &Lib);

private:
  void instrumentCreate(llvm::CallBase &CB, const Primitive &P,
                        llvm::Value *Site, llvm::Instruction *AfterPt);
  void instrumentStart(llvm::CallBase &CB, const Match &Mt, SiteInfo Info);
  /// The hooks around a switching call, inline (FastPath) unless the
  /// options say otherwise.
  void enterAndReturn(llvm::CallBase &CB, const SwitchSite &S,
                      llvm::Instruction *AfterPt);
  llvm::Value *asPtr(llvm::IRBuilder<> &B, llvm::Value *V);
  llvm::Value *operand(llvm::IRBuilder<> &B, llvm::CallBase &CB, int Index);
  llvm::Value *self(llvm::IRBuilder<> &B, const Profile *Lib);
  llvm::StringRef startedBody(llvm::CallBase &CB, const Primitive &P);
  struct CallerResume {
    bool BeforePrologue = false;         ///< libmill: setjmp, then the prologue
    llvm::Instruction *Resume = nullptr; ///< where the caller continues
  };
  CallerResume callerResumes(llvm::CallBase &Prologue, const Primitive &P);
  llvm::Instruction *afterCall(llvm::CallBase &CB);
  llvm::GlobalVariable *site(const llvm::Function &F, const llvm::DebugLoc &Loc,
                             const SiteInfo &Info);

  llvm::Module &M;
  const PluginOptions &Opts;
  SiteTable &Sites;
  llvm::PointerType *PtrTy;
  llvm::Type *IntPtrTy;
  llvm::FunctionCallee Enter, Return, Spawn, Destroy, Begin, Hub;
  FastPath Fast;
};

} // namespace switchguard

#endif // SWITCHGUARD_HOOKS_H
