//===- FastPath.cpp - The switch fast path, inline ------------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   At a site the block is split before the call and the fast path put in
//   front of it:
//
//     t = &__swg_tls                 initial-exec: %fs-relative, no load
//     if (t->slow) prev = call __swg_switch_enter(from, to, site)
//     else {
//       prev = t->current
//       if (!prev && from) t->hub_handle = from    (symmetric libraries)
//       t->current = to == t->hub_handle ? NULL : to
//       t->site = site; t->seq = t->seq + 1        (release: the monitor
//     }                                            reads seq last)
//
//   The parts a site cannot need are left out: without a `from`, or where
//   the hub was named as it was made (libaco's main co), there is no hub
//   to learn; the hub is compared only where a switch can name it (a
//   symmetric switch without address handles: the monitor tells an
//   address handle's hub by its stack). A `from` the library's self() must
//   make (byuu libco's co_active) is called on the slow side only, taken
//   while the hub's name is not known; where the hub is in the calls
//   (libdill, libmill) leaving the native context (prev NULL) is slow too,
//   since the runtime names it. The stores are relaxed atomics, plain
//   moves on x86-64; only this thread writes them.
//
//===----------------------------------------------------------------------===//
#include "FastPath.h"
#include "RuntimeHooks.h"

#include "switchguard_abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace switchguard {
namespace {

bool isNull(Value *V) { return isa<ConstantPointerNull>(V); }

LoadInst *loadField(IRBuilder<> &B, Value *T, unsigned Offset, Type *Ty,
                    AtomicOrdering Order = AtomicOrdering::Monotonic) {
  Value *P = B.CreateConstInBoundsGEP1_32(B.getInt8Ty(), T, Offset);
  LoadInst *L = B.CreateAlignedLoad(Ty, P, Align(Ty->isIntegerTy(32) ? 4 : 8));
  L->setAtomic(Order);
  return L;
}

void storeField(IRBuilder<> &B, Value *T, unsigned Offset, Value *V,
                AtomicOrdering Order = AtomicOrdering::Monotonic) {
  Value *P = B.CreateConstInBoundsGEP1_32(B.getInt8Ty(), T, Offset);
  B.CreateAlignedStore(V, P, Align(8))->setAtomic(Order);
}

/// Splits before \p At: returns {the block that now falls into At's block,
/// At's block}, with the fall-through branch removed.
std::pair<BasicBlock *, BasicBlock *> split(Instruction *At) {
  BasicBlock *Head = At->getParent();
  BasicBlock *Tail = Head->splitBasicBlock(At->getIterator(), "swg.done");
  Head->getTerminator()->eraseFromParent();
  return {Head, Tail};
}

} // namespace

/// Branches to \p Slow when the thread has no record yet or watches every
/// switch, else to \p Fast, unlikely-slow. The flag's load is unordered:
/// still atomic, and x86 folds it into the compare (cmpl $0, %fs:...).
static void check(IRBuilder<> &B, GlobalVariable *Tls, BasicBlock *Slow,
                  BasicBlock *Fast, Value *&T) {
  MDNode *Rare = MDBuilder(B.getContext()).createBranchWeights(1, 1 << 20);
  T = B.CreateThreadLocalAddress(Tls);
  Value *SlowFlag = loadField(B, T, SWG_THREAD_SLOW, B.getInt32Ty(),
                              AtomicOrdering::Unordered);
  B.CreateCondBr(B.CreateIsNotNull(SlowFlag), Slow, Fast, Rare);
}

FastPath::Sides FastPath::branch(Instruction *At, const DebugLoc &DL) {
  auto [Head, Tail] = split(At);
  LLVMContext &C = M.getContext();
  Function *F = Head->getParent();
  Sides S{BasicBlock::Create(C, "swg.fast", F, Tail),
          BasicBlock::Create(C, "swg.slow", F, Tail), Tail, nullptr};
  IRBuilder<> B(Head);
  B.SetCurrentDebugLocation(DL);
  check(B, threadState(M), S.Slow, S.Fast, S.T);
  return S;
}

/// The switch event itself: the new current context, the site, seq + 1.
static void publish(IRBuilder<> &B, Value *T, Value *Current, Value *Site) {
  storeField(B, T, SWG_THREAD_CURRENT, Current);
  storeField(B, T, SWG_THREAD_SITE, Site);
  Value *Seq = loadField(B, T, SWG_THREAD_SEQ, B.getInt64Ty());
  storeField(B, T, SWG_THREAD_SEQ, B.CreateAdd(Seq, B.getInt64(1)),
             AtomicOrdering::Release);
}

Value *FastPath::enter(Instruction *At, const SwitchSite &W,
                       const DebugLoc &DL) {
  Sides S = branch(At, DL);
  IRBuilder<> B(S.Fast);
  B.SetCurrentDebugLocation(DL);
  PointerType *Ptr = B.getPtrTy();
  MDNode *Rare = MDBuilder(B.getContext()).createBranchWeights(1, 1 << 20);
  Value *Prev = loadField(B, S.T, SWG_THREAD_CURRENT, Ptr);
  Value *Hub = nullptr, *ToRuntime = nullptr;
  if (W.NameNative) // the runtime gives the native context its handle
    ToRuntime = B.CreateIsNull(Prev);
  if (!W.From) { // from is a call: only the runtime learns the hub by it
    Hub = loadField(B, S.T, SWG_THREAD_HUB, Ptr);
    Value *Learn = B.CreateAnd(B.CreateIsNull(Prev), B.CreateIsNull(Hub));
    ToRuntime = ToRuntime ? B.CreateOr(ToRuntime, Learn) : Learn;
  } else if (W.LearnHub && !isNull(W.From)) {
    // A symmetric switch may leave the hub: learn its name there, a store
    // a coroutine's switch branches around.
    Value *Learn = B.CreateAnd(B.CreateIsNull(Prev), B.CreateIsNotNull(W.From));
    BasicBlock *Store = BasicBlock::Create(M.getContext(), "swg.learn",
                                           S.Fast->getParent(), S.Tail);
    BasicBlock *Learnt = BasicBlock::Create(M.getContext(), "swg.learnt",
                                            S.Fast->getParent(), S.Tail);
    B.CreateCondBr(Learn, Store, Learnt);
    B.SetInsertPoint(Store);
    storeField(B, S.T, SWG_THREAD_HUB, W.From);
    B.CreateBr(Learnt);
    B.SetInsertPoint(Learnt);
  }
  if (ToRuntime) {
    BasicBlock *On = BasicBlock::Create(M.getContext(), "swg.fast.on",
                                        S.Fast->getParent(), S.Tail);
    B.CreateCondBr(ToRuntime, S.Slow, On, Rare);
    B.SetInsertPoint(On);
  }
  Value *NewCurrent = W.To;
  if (W.HubByName && !isNull(W.To)) {
    if (!Hub)
      Hub = loadField(B, S.T, SWG_THREAD_HUB, Ptr);
    NewCurrent = B.CreateSelect(B.CreateICmpEQ(W.To, Hub),
                                ConstantPointerNull::get(Ptr), W.To);
  }
  publish(B, S.T, NewCurrent, W.Site);
  B.CreateBr(S.Tail);
  BasicBlock *FastEnd = B.GetInsertBlock();

  B.SetInsertPoint(S.Slow);
  Value *From = W.From ? W.From : W.MakeFrom(B);
  Value *PrevSlow = B.CreateCall(runtimeHook(M, RuntimeHook::SwitchEnter),
                                 {From, W.To, W.Site});
  B.CreateBr(S.Tail);

  B.SetInsertPoint(S.Tail, S.Tail->begin());
  PHINode *Phi = B.CreatePHI(Ptr, 2, "swg.prev");
  Phi->addIncoming(Prev, FastEnd);
  Phi->addIncoming(PrevSlow, S.Slow);
  return Phi;
}

void FastPath::ret(Instruction *At, Value *Prev, Value *Site,
                   const DebugLoc &DL) {
  Sides S = branch(At, DL);
  IRBuilder<> B(S.Fast);
  B.SetCurrentDebugLocation(DL);
  publish(B, S.T, Prev, Site);
  B.CreateBr(S.Tail);

  B.SetInsertPoint(S.Slow);
  B.CreateCall(runtimeHook(M, RuntimeHook::SwitchReturn), {Prev, Site});
  B.CreateBr(S.Tail);
}

} // namespace switchguard
