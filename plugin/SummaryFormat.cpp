//===- SummaryFormat.cpp - The text of .swg_summary -----------------------===//
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
//     s  ID LINE COL PRIMITIVE              the create call making a body
//     p  F LINE COL CALLEE...               a must_switch path left open
//
//   FLAGS: S always switches (as far as this file sees), M must_switch,
//   H must_switch_hub, C a coroutine body, Y may block, L a library's own
//   code. An ID is defined (f or e) before it is used. The linker
//   concatenates the summaries of a program's objects; a reader takes each
//   "SWG-SUMMARY" line as the start of another unit. Locations in the
//   summary are lines and columns of the unit's source file.
//
//===----------------------------------------------------------------------===//
#include "CallGraph.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace switchguard {

std::string writeSummary(const CallGraph &G) {
  std::string Text;
  raw_string_ostream OS(Text);
  OS << "SWG-SUMMARY 1\t" << (G.Units.empty() ? "" : G.Units[0]) << "\n";
  for (unsigned Id = 0; Id < G.Functions.size(); ++Id) {
    const FunctionNode &F = G.Functions[Id];
    if (!F.Defined) {
      OS << "e\t" << Id << "\t" << F.Name << "\n";
      continue;
    }
    std::string Flags;
    if (F.AlwaysSwitches)
      Flags += 'S';
    if (F.SomePaths)
      Flags += 'P';
    if (F.MustSwitch)
      Flags += F.HubOnly ? 'H' : 'M';
    if (F.Body)
      Flags += 'C';
    if (F.MayBlock)
      Flags += 'Y';
    if (F.Library)
      Flags += 'L';
    OS << "f\t" << Id << "\t" << F.Name << "\t" << (F.Local ? "l" : "g") << "\t"
       << F.Line << "\t" << Flags << "\n";
  }
  for (unsigned Id = 0; Id < G.Functions.size(); ++Id) {
    for (const CallEdge &C : G.Functions[Id].Calls)
      OS << "c\t" << Id << "\t" << C.Callee << "\t" << C.At.Line << "\t"
         << C.At.Col << "\n";
    for (const BlockingCall &B : G.Functions[Id].Blocks)
      OS << "b\t" << Id << "\t" << B.Callee << "\t" << B.At.Line << "\t"
         << B.At.Col << "\n";
  }
  for (unsigned Id = 0; Id < G.Functions.size(); ++Id)
    if (const auto &S = G.Functions[Id].Spawn)
      OS << "s\t" << Id << "\t" << S->At.Line << "\t" << S->At.Col << "\t"
         << S->Primitive << "\n";
  for (unsigned Id = 0; Id < G.Functions.size(); ++Id)
    for (const OpenPath &P : G.Functions[Id].Open) {
      OS << "p\t" << Id << "\t" << P.At.Line << "\t" << P.At.Col;
      for (unsigned E : P.External)
        OS << "\t" << E;
      OS << "\n";
    }
  return Text;
}

namespace {

/// Reads the records of one unit, mapping its ids to nodes of the graph.
class UnitReader {
public:
  UnitReader(CallGraph &G, unsigned Unit) : G(G), Unit(Unit) {}
  /// False if \p Fields is not a record of the format.
  bool record(ArrayRef<StringRef> Fields);

private:
  bool node(StringRef Id, unsigned &Out) const {
    auto It = Ids.find(Id);
    if (It == Ids.end())
      return false;
    Out = It->second;
    return true;
  }
  bool at(StringRef Line, StringRef Col, SourceLoc &L) const {
    L.File = G.Units[Unit];
    return !Line.getAsInteger(10, L.Line) && !Col.getAsInteger(10, L.Col);
  }

  CallGraph &G;
  unsigned Unit;
  StringMap<unsigned> Ids;
};

bool UnitReader::record(ArrayRef<StringRef> F) {
  StringRef Kind = F[0];
  unsigned Id;
  SourceLoc L;
  if (Kind == "f" && F.size() >= 6 && (F[3] == "g" || F[3] == "l")) {
    unsigned N = G.addFunction(Unit, F[2], /*Defined=*/true, F[3] == "l");
    Ids[F[1]] = N;
    FunctionNode &Fn = G.Functions[N];
    Fn.AlwaysSwitches = F[5].contains('S');
    Fn.SomePaths = F[5].contains('P');
    Fn.HubOnly = F[5].contains('H');
    Fn.MustSwitch = Fn.HubOnly || F[5].contains('M');
    Fn.Body = F[5].contains('C');
    Fn.MayBlock = F[5].contains('Y');
    Fn.Library = F[5].contains('L');
    return !F[4].getAsInteger(10, Fn.Line);
  }
  if (Kind == "e" && F.size() >= 3) {
    Ids[F[1]] = G.addFunction(Unit, F[2], /*Defined=*/false, false);
    return true;
  }
  if (Kind == "c" && F.size() >= 5) {
    unsigned To;
    if (!node(F[1], Id) || !node(F[2], To) || !at(F[3], F[4], L))
      return false;
    G.Functions[Id].Calls.push_back({To, L});
    return true;
  }
  if (Kind == "b" && F.size() >= 5) {
    if (!node(F[1], Id) || !at(F[3], F[4], L))
      return false;
    G.Functions[Id].Blocks.push_back({G.save(F[2]), L});
    return true;
  }
  if (Kind == "s" && F.size() >= 5) {
    if (!node(F[1], Id) || !at(F[2], F[3], L))
      return false;
    G.Functions[Id].Spawn = SpawnSite{L, G.save(F[4])};
    return true;
  }
  if (Kind == "p" && F.size() >= 4) {
    OpenPath P;
    if (!node(F[1], Id) || !at(F[2], F[3], P.At))
      return false;
    for (StringRef E : F.drop_front(4)) {
      unsigned To;
      if (!node(E, To))
        return false;
      P.External.push_back(To);
    }
    G.Functions[Id].Open.push_back(std::move(P));
    return true;
  }
  // A kind of record this reader does not know is not needed here; a
  // known one with missing fields is an error.
  return !is_contained({"f", "e", "c", "b", "s", "p"}, Kind);
}

} // namespace

Error readSummary(StringRef Text, CallGraph &G) {
  std::optional<UnitReader> R;
  unsigned LineNo = 0;
  SmallVector<StringRef, 8> Fields;
  for (StringRef Line : split(Text, '\n')) {
    ++LineNo;
    Line = Line.rtrim("\r");
    Fields.clear();
    Line.split(Fields, '\t');
    if (Fields[0] == "SWG-SUMMARY 1") {
      R.emplace(G, G.addUnit(Fields.size() > 1 ? Fields[1] : ""));
      continue;
    }
    if (!R || Line.empty()) // nothing before the first unit is ours
      continue;
    if (!R->record(Fields))
      return createStringError(inconvertibleErrorCode(),
                               "malformed switchguard summary at line " +
                                   Twine(LineNo) + ": '" + Line + "'");
  }
  G.Roots.clear();
  for (unsigned Id = 0; Id < G.Functions.size(); ++Id)
    if (G.Functions[Id].Body || G.Functions[Id].MustSwitch)
      G.Roots.push_back(Id);
  return Error::success();
}

} // namespace switchguard
