//===- Suppressions.cpp - Findings the user has accepted ------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   A special case list accepts any section and any prefix, so a typo
//   (`[blockin]`, `func:`) would suppress nothing in silence. Each line is
//   checked here first, the way SpecialCaseList reads it (`#` comments,
//   `[section]`, `prefix:glob[=category]`), and trimmed of spaces;
//   SpecialCaseList then compiles the globs and answers the queries.
//
// USAGE
//   clang -fplugin=switchguard.so \
//     -fplugin-arg-switchguard-suppressions=switchguard.supp -c app.c
//
//===----------------------------------------------------------------------===//
#include "Suppressions.h"
#include "SiteTable.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SpecialCaseList.h"

using namespace llvm;

namespace switchguard {
namespace {

constexpr StringLiteral SectionName[] = {"blocking", "must-switch"};

/// The mistakes SpecialCaseList would accept or report without a column.
std::vector<SuppressionError> lint(StringRef Text) {
  std::vector<SuppressionError> Errors;
  SmallVector<StringRef, 32> Lines;
  Text.split(Lines, '\n');
  // Entries before any section apply to both checks.
  bool InMustSwitch = false;
  for (unsigned N = 0; N < Lines.size(); N++) {
    StringRef Raw = Lines[N];
    StringRef Line = Raw.trim();
    if (Line.empty() || Line.starts_with("#"))
      continue;
    auto Fail = [&](StringRef At, const Twine &Msg) {
      Errors.push_back(
          {N + 1, unsigned(At.data() - Raw.data()) + 1, Msg.str()});
    };
    if (Line.starts_with("[")) {
      StringRef Name =
          Line.drop_front().take_until([](char C) { return C == ']'; });
      if (!Line.ends_with("]") || Name.size() + 2 != Line.size() ||
          !llvm::is_contained(SectionName, Name)) {
        Fail(Line, "unknown section '" + Line +
                       "'; expected [blocking] or [must-switch]");
        continue;
      }
      InMustSwitch = Name == "must-switch";
      continue;
    }
    auto [Prefix, Pattern] = Line.split(':');
    if (Pattern.empty() && !Line.contains(':')) {
      Fail(Line, "expected an entry 'src:GLOB', 'fun:GLOB', 'call:GLOB' or "
                 "'lib:GLOB' or a section ([blocking], [must-switch])");
      continue;
    }
    if (Prefix != "src" && Prefix != "fun" && Prefix != "call" &&
        Prefix != "lib") {
      Fail(Prefix,
           "unknown prefix '" + Prefix + ":'; expected " +
               (InMustSwitch ? "src: or fun:" : "src:, fun:, call: or lib:"));
      continue;
    }
    if (Prefix == "call" && InMustSwitch) {
      Fail(Prefix, "'call:' belongs in [blocking]: it names a blocking "
                   "function, and a must_switch finding has none");
      continue;
    }
    // lib: is for the run time (option suppressions=PATH): the ELF file a
    // frame is in. A library compiled elsewhere has no findings here.
    if (Prefix == "lib" && InMustSwitch) {
      Fail(Prefix, "'lib:' belongs in [blocking]: it names the library of "
                   "a blocking call found at run time");
      continue;
    }
    if (Pattern.trim().empty()) {
      Fail(Pattern.data() == Line.end() ? Prefix : Pattern,
           "'" + Prefix + ":' needs a name or a glob after it");
      continue;
    }
    if (size_t Eq = Pattern.find('='); Eq != StringRef::npos)
      Fail(Pattern.drop_front(Eq),
           "'=CATEGORY' means nothing to switchguard; write '" + Prefix + ":" +
               Pattern.take_front(Eq) + "'");
  }
  return Errors;
}

/// "malformed glob in line 3: ..." -> 3; SpecialCaseList names no column.
unsigned lineOfMessage(StringRef Msg) {
  size_t At = Msg.find("line ");
  unsigned Line = 0;
  if (At != StringRef::npos)
    Msg.drop_front(At + 5)
        .take_while([](char C) { return isDigit(C); })
        .getAsInteger(10, Line);
  return Line;
}

} // namespace

Suppressions::Suppressions() = default;
Suppressions::~Suppressions() = default;
Suppressions::Suppressions(Suppressions &&) = default;
Suppressions &Suppressions::operator=(Suppressions &&) = default;

std::vector<SuppressionError> Suppressions::add(StringRef Text) {
  std::vector<SuppressionError> Errors = lint(Text);
  if (!Errors.empty())
    return Errors;
  // SpecialCaseList takes a line's spaces as part of it: "  fun:f" would
  // be malformed and "fun:f " would match nothing. Lines are kept in place.
  std::string Trimmed;
  SmallVector<StringRef, 32> Lines;
  Text.split(Lines, '\n');
  for (StringRef Line : Lines)
    Trimmed += Line.trim().str() + "\n";
  auto Buffer = MemoryBuffer::getMemBuffer(Trimmed, "", false);
  std::string Error;
  auto List = SpecialCaseList::create(Buffer.get(), Error);
  if (!List) {
    // "malformed glob in line 3: '[a': ..." -> at line 3, "malformed
    // glob: '[a': ...".
    unsigned Line = lineOfMessage(Error);
    if (size_t In = Error.find(" in line "), Colon = Error.find(": ");
        Line && In != std::string::npos && Colon != std::string::npos &&
        In < Colon)
      Error.erase(In, Colon - In);
    return {{Line ? Line : 1, 1, Error}};
  }
  Lists.push_back(std::move(List));
  return {};
}

bool Suppressions::match(Check C, StringRef Prefix, StringRef Query) const {
  StringRef Section = SectionName[C];
  for (const auto &L : Lists)
    if (L->inSection(Section, Prefix, Query))
      return true;
  return false;
}

bool Suppressions::function(Check C, const Function &F) const {
  if (Lists.empty())
    return false;
  if (match(C, "fun", F.getName()))
    return true;
  const DISubprogram *SP = F.getSubprogram();
  if (!SP)
    return false;
  if (SP->getName() != F.getName() && match(C, "fun", sourceName(F)))
    return true;
  // The file as the compiler was given it, or its absolute path.
  StringRef File = SP->getFilename();
  if (match(C, "src", File))
    return true;
  SmallString<256> Abs(File);
  if (!sys::path::is_absolute(Abs) && !SP->getDirectory().empty()) {
    Abs = SP->getDirectory();
    sys::path::append(Abs, File);
  }
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return Abs != File && match(C, "src", Abs);
}

bool Suppressions::call(StringRef Callee) const {
  return match(Blocking, "call", Callee);
}

} // namespace switchguard
