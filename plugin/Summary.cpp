//===- Summary.cpp - A file's call graph, and its summary -----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The graph holds every function defined here, so that another file's
//   summary can resolve its calls into this one. The summary's text
//   (SummaryFormat.cpp) is written with module assembly into a section
//   that is not loaded (no "a" flag): it costs the program nothing at run
//   time and the linker keeps it unless told to strip.
//
//===----------------------------------------------------------------------===//
#include "Summary.h"
#include "CxxCoroutines.h"
#include "SiteTable.h"
#include "SwitchAnalysis.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace switchguard {
namespace {

/// A string for `.ascii`: backslash, quote and control characters escaped.
/// Written by hand: a large file's summary has hundreds of thousands of
/// tabs and newlines, and a formatted stream costs each a few hundred
/// instructions.
std::string asciiDirective(StringRef Text) {
  std::string Out = ".ascii \"";
  Out.reserve(Text.size() + Text.size() / 4 + 16);
  for (unsigned char C : Text) {
    if (C == '\\' || C == '"') {
      Out += '\\';
      Out += C;
    } else if (C < 0x20 || C >= 0x7f) {
      char Octal[] = {'\\', char('0' + (C >> 6)), char('0' + ((C >> 3) & 7)),
                      char('0' + (C & 7))};
      Out.append(Octal, sizeof(Octal));
    } else {
      Out += C;
    }
  }
  Out += '"';
  return Out;
}

} // namespace

SourceLoc placeOf(const Instruction *I) {
  SourceLoc S;
  S.Origin = I;
  if (const DILocation *L = I ? I->getDebugLoc().get() : nullptr) {
    S.File = L->getFilename();
    S.Line = L->getLine();
    S.Col = L->getColumn();
  }
  return S;
}

void buildCallGraph(CallGraph &G, Module &M, const SwitchAnalysis *SA,
                    const DenseMap<Function *, MustSwitchSpec> &Must,
                    const MapVector<Function *, Root> &Roots,
                    ArrayRef<PendingPath> Pending, const FrontendFacts &Facts,
                    function_ref<bool(const Function &)> IsLibraryCode) {
  unsigned Unit = G.addUnit(M.getSourceFileName());
  DenseMap<const Function *, unsigned> Id;
  auto NodeOf = [&](const Function *F) {
    auto [It, New] = Id.try_emplace(F, 0);
    if (New) {
      It->second = G.addFunction(Unit, F->getName(), !F->isDeclaration(),
                                 F->hasLocalLinkage());
      G.Functions[It->second].ShownName = G.save(sourceName(*F));
    }
    return It->second;
  };
  for (Function &F : M) {
    if (F.isDeclaration() || F.isIntrinsic())
      continue;
    FunctionNode &N = G.Functions[NodeOf(&F)];
    N.Line = F.getSubprogram() ? F.getSubprogram()->getLine() : 0;
    N.AlwaysSwitches = SA && SA->alwaysSwitches(F);
    N.SomePaths = SA && SA->switchesOnSomePaths(F);
    if (auto It = Must.find(&F); It != Must.end()) {
      N.MustSwitch = true;
      N.HubOnly = It->second.HubOnly;
    }
    N.MayBlock = mayBlock(F, Facts);
    N.Library = IsLibraryCode(F);
  }
  for (Function &F : M) {
    if (F.isDeclaration() || F.isIntrinsic())
      continue;
    unsigned Caller = NodeOf(&F);
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *CB = dyn_cast<CallBase>(&I);
        auto *Callee = CB ? dyn_cast<Function>(
                                CB->getCalledOperand()->stripPointerCasts())
                          : nullptr;
        // co_await runs the awaiter's await_suspend through clang's wrapper.
        if (Function *W = CB ? awaitSuspendWrapper(*CB) : nullptr)
          Callee = W;
        // An exempt call is neither a blocking call nor an edge to follow.
        if (!Callee || Callee->isIntrinsic() ||
            Callee->getName().starts_with("__swg_") || isExemptCall(*CB, Facts))
          continue;
        if (isBlockingFunction(Callee->getName(), Facts)) {
          G.Functions[Caller].Blocks.push_back(
              {G.save(Callee->getName()), placeOf(CB)});
          continue;
        }
        unsigned To = NodeOf(Callee);
        G.Functions[Caller].Calls.push_back({To, placeOf(CB)});
      }
  }
  for (auto &[F, R] : Roots) {
    FunctionNode &N = G.Functions[NodeOf(F)];
    N.Body |= !R.MustSwitch;
    if (R.Spawn) {
      auto *Callee = dyn_cast<Function>(
          R.Spawn->getCalledOperand()->stripPointerCasts());
      N.Spawn = SpawnSite{placeOf(R.Spawn),
                          G.save(Callee ? sourceName(*Callee) : "?")};
    }
    G.Roots.push_back(NodeOf(F));
  }
  for (const PendingPath &P : Pending) {
    OpenPath O{placeOf(P.At), {}};
    for (const Function *E : P.External)
      O.External.push_back(NodeOf(E));
    G.Functions[NodeOf(P.F)].Open.push_back(std::move(O));
  }
}

void emitSummary(Module &M, const SwitchAnalysis *SA,
                 const DenseMap<Function *, MustSwitchSpec> &Must,
                 const MapVector<Function *, Root> &Roots,
                 ArrayRef<PendingPath> Pending, const FrontendFacts &Facts,
                 function_ref<bool(const Function &)> IsLibraryCode) {
  CallGraph G;
  buildCallGraph(G, M, SA, Must, Roots, Pending, Facts, IsLibraryCode);
  std::string Asm = "\t.pushsection .swg_summary,\"\",@progbits\n\t" +
                    asciiDirective(writeSummary(G)) + "\n\t.popsection\n";
  M.appendModuleInlineAsm(Asm);
}

} // namespace switchguard
