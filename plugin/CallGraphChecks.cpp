//===- CallGraphChecks.cpp - The checks that follow calls -----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The one implementation of the static checks' reasoning over calls
//   (docs/static-analysis.md), run by the compiler on one file and by
//   switchguard-check on a whole program:
//     - blocking calls reachable from a coroutine body or a must_switch
//       function, each with a shortest chain of calls back to the body;
//     - must_switch paths left open because they call other files: a path
//       is blamed once every function it calls is found and none of them
//       always switches.
//   Paths inside one function, which need the IR, are Checks.cpp's.
//
//===----------------------------------------------------------------------===//
#include "CallGraph.h"

#include "llvm/ADT/Twine.h"

#include <deque>
#include <set>
#include <tuple>

using namespace llvm;

namespace switchguard {

unsigned CallGraph::addUnit(StringRef File) {
  Units.push_back(save(File));
  return Units.size() - 1;
}

unsigned CallGraph::addFunction(unsigned Unit, StringRef Name, bool Defined,
                                bool Local) {
  FunctionNode N;
  N.Name = N.ShownName = save(Name);
  N.Unit = Unit;
  N.Defined = Defined;
  N.Local = Local;
  if (Defined && !Local) {
    auto [It, New] = Globals.try_emplace(N.Name, Functions.size());
    if (!New) {
      Functions[It->second] = std::move(N);
      return It->second;
    }
  }
  Functions.push_back(std::move(N));
  return Functions.size() - 1;
}

std::optional<unsigned> CallGraph::resolve(unsigned Id) const {
  if (Functions[Id].Defined)
    return Id;
  if (auto It = Globals.find(Functions[Id].Name); It != Globals.end())
    return It->second;
  return std::nullopt;
}

std::string lineText(const SourceLoc &L, const SourceLoc &Near) {
  if (L.File.empty())
    return "an unknown line";
  if (L.File == Near.File)
    return "line " + std::to_string(L.Line);
  return (L.File + ":" + Twine(L.Line) + ":" + Twine(L.Col)).str();
}

std::string returnsWithoutSwitch(bool HubOnly, StringRef Name) {
  return ((HubOnly ? "must_switch_hub" : "must_switch") + Twine(" function '") +
          Name + "' can return here without switching")
      .str();
}

std::string switchesOnSomePathsText(
    ArrayRef<std::pair<StringRef, SourceLoc>> Partly, const SourceLoc &Near) {
  std::string Out;
  for (const auto &[Name, L] : Partly) {
    std::string Where =
        L.File.empty()     ? std::string("an unknown line")
        : L.File == Near.File ? "line " + std::to_string(L.Line)
                            : (L.File + ":" + Twine(L.Line)).str();
    Out += (Out.empty() ? ": '" : ", '") + Name.str() + "' (" + Where + ")";
  }
  return Out.empty() ? Out : Out + " may return without switching";
}

namespace {

void openPaths(const CallGraph &G, std::vector<Finding> &Out) {
  for (const FunctionNode &F : G.Functions)
    for (const OpenPath &P : F.Open) {
      std::string Names;
      std::vector<std::pair<StringRef, SourceLoc>> Partly;
      bool Saved = false;
      for (unsigned E : P.External) {
        std::optional<unsigned> T = G.resolve(E);
        // A call out of the program (or out of this file) may switch.
        Saved |= !T || G.Functions[*T].AlwaysSwitches;
        if (Saved)
          break;
        const FunctionNode &C = G.Functions[*T];
        if (C.SomePaths) {
          SourceLoc L;
          L.File = G.Units[C.Unit];
          L.Line = C.Line;
          Partly.push_back({C.ShownName, L});
          continue;
        }
        Names += (Names.empty() ? "'" : ", '") + C.ShownName.str() + "'";
      }
      if (Saved)
        continue;
      Out.push_back({P.At, returnsWithoutSwitch(F.HubOnly, F.ShownName) +
                               (Names.empty() ? ""
                                              : " (the calls on the way, " +
                                                    Names + ", do not switch)") +
                               switchesOnSomePathsText(Partly, P.At)});
    }
}

void blocking(const CallGraph &G, bool AcrossUnitsOnly,
              std::vector<Finding> &Out) {
  // Breadth first from the roots, so each blocking call is reported with a
  // shortest chain back to a body; may-block functions and what they call
  // are exempt, and a library's own code is not searched.
  size_t N = G.Functions.size();
  std::vector<bool> Seen(N);
  std::vector<const CallEdge *> Via(N);
  std::vector<unsigned> Caller(N);
  std::deque<unsigned> Work;
  for (unsigned R : G.Roots)
    if (!G.Functions[R].MayBlock && !Seen[R]) {
      Seen[R] = true;
      Work.push_back(R);
    }
  // A place once: a function of a header is a node in every unit that
  // includes it (the compiler's sites are instructions, all distinct).
  std::set<std::tuple<const void *, StringRef, unsigned, unsigned>> Reported;
  while (!Work.empty()) {
    unsigned Id = Work.front();
    Work.pop_front();
    const FunctionNode &F = G.Functions[Id];
    for (const BlockingCall &B : F.Blocks) {
      // The chain back to the body: body -> ... -> F.
      std::string Chain = "'" + F.ShownName.str() + "'";
      bool Crossed = false;
      unsigned Body = Id;
      for (; Via[Body]; Body = Caller[Body]) {
        const FunctionNode &From = G.Functions[Caller[Body]];
        Crossed |= From.Unit != G.Functions[Body].Unit;
        Chain = "'" + From.ShownName.str() + "' (calls it at " +
                lineText(Via[Body]->At, B.At) + ") -> " + Chain;
      }
      if (AcrossUnitsOnly && !Crossed)
        continue;
      if (!Reported.insert({B.At.Origin, B.At.File, B.At.Line, B.At.Col})
               .second)
        continue;
      const FunctionNode &R = G.Functions[Body];
      std::string Why = R.Spawn
                            ? "the entry of the " + R.Spawn->Primitive.str() +
                                  " call at " + lineText(R.Spawn->At, B.At)
                        : R.Body ? std::string("a coroutine body")
                                 : std::string("must_switch");
      Out.push_back({B.At, ("call to blocking function '" + B.Callee +
                            "' in coroutine context blocks every coroutine "
                            "of this thread; reached from " +
                            Chain + ", '" + R.ShownName + "' being " + Why)
                               .str()});
    }
    for (const CallEdge &C : F.Calls) {
      std::optional<unsigned> T = G.resolve(C.Callee);
      if (!T || Seen[*T] || G.Functions[*T].MayBlock || G.Functions[*T].Library)
        continue;
      Seen[*T] = true;
      Via[*T] = &C;
      Caller[*T] = Id;
      Work.push_back(*T);
    }
  }
}

} // namespace

std::vector<Finding> runGraphChecks(const CallGraph &G, const CheckScope &S) {
  std::vector<Finding> Out;
  if (S.OpenPaths)
    openPaths(G, Out);
  if (S.Blocking)
    blocking(G, S.AcrossUnitsOnly, Out);
  return Out;
}

} // namespace switchguard
