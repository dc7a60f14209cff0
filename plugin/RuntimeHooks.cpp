//===- RuntimeHooks.cpp - The runtime entry points the pass calls ---------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
#include "RuntimeHooks.h"

#include "switchguard_abi.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace switchguard {

FunctionCallee runtimeHook(Module &M, RuntimeHook H) {
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C), *Void = Type::getVoidTy(C);
  Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  Type *IntPtr = M.getDataLayout().getIntPtrType(C);
  auto Declare = [&](StringRef Name, Type *Ret, ArrayRef<Type *> Params) {
    FunctionCallee FC =
        M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
    if (auto *F = dyn_cast<Function>(FC.getCallee()))
      F->addFnAttr(Attribute::NoUnwind);
    return FC;
  };
  switch (H) {
  case RuntimeHook::SwitchEnter:
    return Declare(SWG_HOOK_SWITCH_ENTER, Ptr, {Ptr, Ptr, Ptr});
  case RuntimeHook::SwitchReturn:
    return Declare(SWG_HOOK_SWITCH_RETURN, Void, {Ptr, Ptr});
  case RuntimeHook::Spawn:
    return Declare(SWG_HOOK_SPAWN, Void, {Ptr, Ptr, Ptr, Ptr, IntPtr, Ptr});
  case RuntimeHook::Destroy:
    return Declare(SWG_HOOK_DESTROY, Void, {Ptr, Ptr});
  case RuntimeHook::CoroBegin:
    return Declare(SWG_HOOK_CORO_BEGIN, Void, {Ptr, Ptr});
  case RuntimeHook::Hub:
    return Declare(SWG_HOOK_HUB, Void, {Ptr});
  case RuntimeHook::GuardEnter:
    return Declare(SWG_HOOK_GUARD_ENTER, Void, {Ptr, Ptr, I32, I32});
  case RuntimeHook::GuardExit:
    return Declare(SWG_HOOK_GUARD_EXIT, Void, {Ptr, Ptr});
  case RuntimeHook::GuardAbandon:
    return Declare(SWG_HOOK_GUARD_ABANDON, Void, {Ptr});
  case RuntimeHook::GuardPlainExit:
    return Declare(SWG_HOOK_GUARD_PLAIN_EXIT, Void, {I64, I64, Ptr, Ptr});
  }
  llvm_unreachable("every hook is declared above");
}

GlobalVariable *threadState(Module &M) {
  if (GlobalVariable *G = M.getNamedGlobal(SWG_TLS_SYMBOL))
    return G;
  Type *Block =
      ArrayType::get(Type::getInt8Ty(M.getContext()), SWG_THREAD_SIZE);
  auto *G = new GlobalVariable(
      M, Block, /*isConstant=*/false, GlobalValue::ExternalLinkage, nullptr,
      SWG_TLS_SYMBOL, nullptr, GlobalValue::InitialExecTLSModel);
  G->setAlignment(Align(8));
  return G;
}

} // namespace switchguard
