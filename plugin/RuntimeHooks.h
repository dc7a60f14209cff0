//===- RuntimeHooks.h - The runtime entry points the pass calls -*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Every __swg_* symbol the pass puts into a module, declared with its IR
//   type in one place. The names and their C prototypes are the runtime's
//   ABI header (runtime/switchguard_abi.h); hooks.c and guard.c implement
//   them.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_RUNTIMEHOOKS_H
#define SWITCHGUARD_RUNTIMEHOOKS_H

#include "llvm/IR/DerivedTypes.h"

namespace llvm {
class GlobalVariable;
class Module;
} // namespace llvm

namespace switchguard {

enum class RuntimeHook {
  SwitchEnter,    ///< prev = __swg_switch_enter(from, to, site)
  SwitchReturn,   ///< __swg_switch_return(prev, site)
  Spawn,          ///< __swg_spawn(handle, entry, name, stack, size, site)
  Destroy,        ///< __swg_destroy(handle, site)
  CoroBegin,      ///< __swg_coro_begin(self, site)
  Hub,            ///< __swg_hub(site)
  GuardEnter,     ///< __swg_guard_enter(storage, site, limit_ms, flags)
  GuardExit,      ///< __swg_guard_exit(storage, exit_site)
  GuardAbandon,   ///< __swg_guard_abandon(storage)
  GuardPlainExit, ///< __swg_guard_plain_exit(seq, owner, site, exit_site)
};

/// The declaration of \p H in \p M (nounwind), added on first use.
llvm::FunctionCallee runtimeHook(llvm::Module &M, RuntimeHook H);

/// The runtime's thread-local switch state (SWG_TLS_SYMBOL, initial-exec),
/// declared in \p M on first use.
llvm::GlobalVariable *threadState(llvm::Module &M);

} // namespace switchguard

#endif // SWITCHGUARD_RUNTIMEHOOKS_H
