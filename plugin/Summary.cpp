//===- Summary.cpp - What switchguard-check needs from an object ----------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The summary is text, one record per line, fields separated by tabs,
//   opening with "SWG-SUMMARY 1" and the source file:
//
//     f  ID NAME LINKAGE(g|l) LINE FLAGS    a function defined here
//     e  ID NAME                            a function called, not defined
//     c  CALLER CALLEE LINE COL             a direct call
//     b  CALLER NAME LINE COL               a call to a blocking function
//     p  F LINE COL CALLEE...               a must_switch path left open
//
//   FLAGS: S always switches (as far as this file sees), M must_switch,
//   H must_switch_hub, C a coroutine body, Y may block, L a library's own
//   code. For a body made by a create call, "s ID LINE COL PRIMITIVE" gives
//   that call. It is written with module assembly into a section that is
//   not loaded (no "a" flag): it costs the program nothing at run time and
//   the linker keeps it unless told to strip.
//
//===----------------------------------------------------------------------===//
#include "Summary.h"
#include "SiteTable.h"
#include "SwitchAnalysis.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace switchguard {
namespace {

std::pair<unsigned, unsigned> lineCol(const Instruction *I) {
  if (const DILocation *L = I ? I->getDebugLoc().get() : nullptr)
    return {L->getLine(), L->getColumn()};
  return {0, 0};
}

/// A string for `.ascii`: backslash, quote and control characters escaped.
std::string asciiDirective(StringRef Text) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << ".ascii \"";
  for (unsigned char C : Text) {
    if (C == '\\' || C == '"')
      OS << '\\' << C;
    else if (C < 0x20 || C >= 0x7f)
      OS << '\\' << format("%03o", C);
    else
      OS << C;
  }
  OS << "\"";
  return Out;
}

} // namespace

void emitSummary(Module &M, const SwitchAnalysis *SA,
                 const DenseMap<Function *, MustSwitchSpec> &Must,
                 const MapVector<Function *, Root> &Roots,
                 ArrayRef<PendingPath> Pending, const FrontendFacts &Facts,
                 function_ref<bool(const Function &)> IsLibraryCode) {
  std::string Text;
  raw_string_ostream OS(Text);
  OS << "SWG-SUMMARY 1\t" << M.getSourceFileName() << "\n";
  DenseMap<const Function *, unsigned> Id;
  auto IdOf = [&](const Function *F) {
    auto [It, New] = Id.try_emplace(F, Id.size());
    if (New && F->isDeclaration())
      OS << "e\t" << It->second << "\t" << F->getName() << "\n";
    return It->second;
  };
  for (Function &F : M) {
    if (F.isDeclaration() || F.isIntrinsic())
      continue;
    unsigned Line = F.getSubprogram() ? F.getSubprogram()->getLine() : 0;
    std::string Flags;
    if (SA && SA->alwaysSwitches(F))
      Flags += 'S';
    if (auto It = Must.find(&F); It != Must.end())
      Flags += It->second.HubOnly ? 'H' : 'M';
    if (auto It = Roots.find(&F); It != Roots.end() && !It->second.MustSwitch)
      Flags += 'C';
    if (mayBlock(F, Facts))
      Flags += 'Y';
    if (IsLibraryCode(F))
      Flags += 'L';
    OS << "f\t" << IdOf(&F) << "\t" << F.getName() << "\t"
       << (F.hasLocalLinkage() ? "l" : "g") << "\t" << Line << "\t" << Flags
       << "\n";
  }
  for (Function &F : M) {
    if (F.isDeclaration() || F.isIntrinsic())
      continue;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *CB = dyn_cast<CallBase>(&I);
        auto *Callee = CB ? dyn_cast<Function>(
                                CB->getCalledOperand()->stripPointerCasts())
                          : nullptr;
        // An exempt call is neither a blocking call nor an edge to follow.
        if (!Callee || Callee->isIntrinsic() ||
            Callee->getName().starts_with("__swg_") || isExemptCall(*CB, Facts))
          continue;
        // Ids first: a new one writes its own "e" line.
        auto [L, C] = lineCol(CB);
        unsigned Caller = IdOf(&F);
        if (isBlockingFunction(Callee->getName(), Facts)) {
          OS << "b\t" << Caller << "\t" << Callee->getName() << "\t" << L
             << "\t" << C << "\n";
          continue;
        }
        unsigned To = IdOf(Callee);
        OS << "c\t" << Caller << "\t" << To << "\t" << L << "\t" << C << "\n";
      }
  }
  for (auto &[F, R] : Roots)
    if (R.Spawn) {
      auto [L, C] = lineCol(R.Spawn);
      auto *Callee = dyn_cast<Function>(
          R.Spawn->getCalledOperand()->stripPointerCasts());
      OS << "s\t" << IdOf(F) << "\t" << L << "\t" << C << "\t"
         << (Callee ? sourceName(*Callee) : "?") << "\n";
    }
  for (const PendingPath &P : Pending) {
    auto [L, C] = lineCol(P.At);
    SmallVector<unsigned, 4> External;
    for (const Function *E : P.External)
      External.push_back(IdOf(E));
    OS << "p\t" << IdOf(P.F) << "\t" << L << "\t" << C;
    for (unsigned E : External)
      OS << "\t" << E;
    OS << "\n";
  }
  std::string Asm = "\t.pushsection .swg_summary,\"\",@progbits\n\t" +
                    asciiDirective(OS.str()) + "\n\t.popsection\n";
  M.appendModuleInlineAsm(Asm);
}

} // namespace switchguard
