//===- CallGraph.h - The model the call-graph checks work on ----*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The facts the blocking check and the resolution of open must_switch
//   paths need, and exactly what an object's .swg_summary carries:
//   functions with their flags, direct calls with their lines, blocking
//   calls, the create call that makes a body, and the must_switch paths
//   one file could not judge. The plugin builds one from the IR of a
//   translation unit (Summary.cpp) and writes it as the summary; the tool
//   switchguard-check reads the summaries of a program into one. Both run
//   the same checks on it (CallGraphChecks.cpp).
//
//   This file and the code behind it use LLVM's ADT and Support only, no
//   IR, so the tool links no more than LLVMSupport and LLVMObject.
//
// USAGE
//   CallGraph G;  ... fill it, or readSummary(Text, G);
//   for (const Finding &F : runGraphChecks(G, CheckScope{}))
//     ...
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_CALLGRAPH_H
#define SWITCHGUARD_CALLGRAPH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/StringSaver.h"

#include <optional>
#include <string>
#include <vector>

namespace switchguard {

/// A place in the source. File is empty where the compiler knew none.
struct SourceLoc {
  llvm::StringRef File;
  unsigned Line = 0, Col = 0;
  /// The plugin's instruction, so a warning points where the compiler
  /// would; null in the tool.
  const void *Origin = nullptr;
};

struct CallEdge {
  unsigned Callee; ///< a node of the graph, defined or not
  SourceLoc At;
};

struct BlockingCall {
  llvm::StringRef Callee;
  SourceLoc At;
};

/// The library call that makes a function a coroutine's entry.
struct SpawnSite {
  SourceLoc At;
  llvm::StringRef Primitive;
};

/// A must_switch path that returns without a switch unless one of the
/// functions it calls in other files switches.
struct OpenPath {
  SourceLoc At; ///< where it returns
  llvm::SmallVector<unsigned, 4> External;
};

struct FunctionNode {
  llvm::StringRef Name;      ///< as the linker knows it
  llvm::StringRef ShownName; ///< as warnings name it
  unsigned Unit = 0;         ///< index into CallGraph::Units
  bool Defined = false;      ///< false: called here, defined elsewhere
  bool Local = false;        ///< internal linkage: not seen by other units
  unsigned Line = 0;
  bool AlwaysSwitches = false; ///< every path switches, as its unit sees
  bool SomePaths = false;      ///< switches on some paths only
  bool MustSwitch = false;
  bool HubOnly = false; ///< must_switch_hub (MustSwitch is set too)
  bool Body = false;    ///< a coroutine body (not only must_switch)
  bool MayBlock = false;
  bool Library = false; ///< a coroutine library's own code
  std::vector<CallEdge> Calls;
  std::vector<BlockingCall> Blocks;
  std::optional<SpawnSite> Spawn;
  std::vector<OpenPath> Open;
};

/// One translation unit, or a whole program.
class CallGraph {
public:
  CallGraph() = default;
  CallGraph(const CallGraph &) = delete;
  CallGraph &operator=(const CallGraph &) = delete;

  /// A string that lives as long as the graph.
  llvm::StringRef save(llvm::StringRef S) { return Saver.save(S); }
  unsigned addUnit(llvm::StringRef File);
  /// A new node of \p Unit; a defined global of the same name as one
  /// already read replaces it (a program holds one definition).
  unsigned addFunction(unsigned Unit, llvm::StringRef Name, bool Defined,
                       bool Local);

  /// The defined function a call to \p Id reaches, if the graph has it.
  std::optional<unsigned> resolve(unsigned Id) const;

  std::vector<llvm::StringRef> Units; ///< source file of each unit
  std::vector<FunctionNode> Functions;
  /// Where the blocking check starts, in order: coroutine bodies and
  /// must_switch functions. The order decides which chain a blocking call
  /// reached from two bodies is reported with.
  std::vector<unsigned> Roots;

private:
  llvm::BumpPtrAllocator Alloc;
  llvm::UniqueStringSaver Saver{Alloc};
  llvm::StringMap<unsigned> Globals; ///< defined global name -> node
};

/// Which checks to run, and how far one run sees.
struct CheckScope {
  bool Blocking = true;
  bool OpenPaths = true;
  /// Only blocking calls reached through a call from one unit into another:
  /// the compiler has reported the rest.
  bool AcrossUnitsOnly = false;
};

/// "line 7" when \p L is in the same file as \p Near, else "file.c:7:3".
std::string lineText(const SourceLoc &L, const SourceLoc &Near);

/// "must_switch function 'f' can return here without switching", how
/// every warning at a return that lets a must_switch scope through starts.
std::string returnsWithoutSwitch(bool HubOnly, llvm::StringRef Name);

/// ": 'h' (line 3) may return without switching", naming functions that
/// switch on some paths only where each is defined (Col unused), or "".
std::string switchesOnSomePathsText(
    llvm::ArrayRef<std::pair<llvm::StringRef, SourceLoc>> Partly,
    const SourceLoc &Near);

/// A warning: where, and the text after "warning: ".
struct Finding {
  SourceLoc At;
  std::string Message;
};

/// The open must_switch paths that no callee saves, then the blocking
/// calls reachable from a root, with the compiler's wording.
std::vector<Finding> runGraphChecks(const CallGraph &G, const CheckScope &S);

/// \p G, a single unit, as the text of an object's .swg_summary.
std::string writeSummary(const CallGraph &G);

/// Adds the units of \p Text (one summary, or several concatenated by the
/// linker) to \p G.
llvm::Error readSummary(llvm::StringRef Text, CallGraph &G);

} // namespace switchguard

#endif // SWITCHGUARD_CALLGRAPH_H
