//===- ProfileFile.cpp - Profiles for libraries switchguard does not know -===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The format, one YAML document:
//
//     libraries:
//       - name: mylib                  # required, not a built-in's name
//         headers: [mylib.h]           # required: whose declarations match
//         hub: native                  # native | yielding-calls | scheduler
//         self: mylib_current          # returns the running coroutine
//         address-handles: false       # handles change on every switch
//         bodies: [mylib_main]         # run as coroutines by the library
//         primitives:
//           - {name: mylib_spawn, role: create, entry: 1, handle: result}
//           - {name: mylib_resume, role: resume, to: 1}
//           - {name: mylib_yield, role: yield}
//           - {name: mylib_sleep, role: yielding}
//     blocking: [legacy_read]          # more blocking functions
//     tasks: [mylib::task]             # C++ task types whose coroutines
//                                      # are hooked (their promise_type)
//
//   Parameters are numbered from 1, as in the attributes; `result` is the
//   return value. Unknown keys are errors, not ignored; so are a key given
//   twice, a library named twice, a second document, aliases (`*a`), and
//   bytes that are not UTF-8 text. Each mistake is one error, at its place.
//
//===----------------------------------------------------------------------===//
#include "ProfileFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <cctype>
#include <cstdio>
#include <tuple>

using namespace llvm;

namespace switchguard {
namespace {

class Reader {
public:
  Reader(StringRef Text, const ProfileRegistry &Reserved)
      : Reserved(Reserved) {
    SM.setDiagHandler(
        [](const SMDiagnostic &D, void *Ctx) {
          static_cast<Reader *>(Ctx)->Out.Errors.push_back(
              {unsigned(D.getLineNo()), unsigned(D.getColumnNo() + 1),
               D.getMessage().str()});
        },
        this);
    Buf = Text;
  }

  ProfileFile read() {
    if (!isText())
      return std::move(Out);
    yaml::Stream S(Buf, SM);
    auto Doc = S.begin();
    if (Doc == S.end() || !Doc->getRoot()) {
      if (Out.Errors.empty()) // else the parser has said why
        Out.Errors.push_back({1, 1, "empty profile file"});
      return std::move(Out);
    }
    if (auto *Top = mapping(Doc->getRoot(), "the top level"))
      forEachKey(
          Top, "at the top level", [&](StringRef Key, yaml::KeyValueNode &KV) {
            if (Key == "libraries")
              forEach(KV.getValue(), "'libraries'",
                      [&](yaml::Node *N) { library(N); });
            else if (Key == "blocking")
              Out.Blocking = strings(KV.getValue(), "'blocking'");
            else if (Key == "tasks")
              Out.Tasks = strings(KV.getValue(), "'tasks'");
            else
              fail(KV.getKey(), "unknown key '" + Key +
                                    "'; expected 'libraries', 'blocking' "
                                    "or 'tasks'");
          });
    // Only the first document would count: say so rather than drop the rest.
    if (!S.failed() && ++Doc != S.end())
      failAt(secondDocument(Doc->getRoot()),
             "a second YAML document; a profile file is one document (put "
             "every library under one 'libraries')");
    if (S.failed() && Out.Errors.empty())
      Out.Errors.push_back({1, 1, "not a valid YAML document"});
    return std::move(Out);
  }

private:
  /// The one error for a file that is not UTF-8 text (a control
  /// character, or bytes that are not UTF-8), at the first bad byte; LLVM's
  /// YAML scanner reports those as "empty plain scalar" or the like.
  bool isText() {
    const auto *Begin = reinterpret_cast<const UTF8 *>(Buf.data());
    const UTF8 *Bad = Begin;
    bool Utf8 = isLegalUTF8String(&Bad, Begin + Buf.size());
    size_t At = Utf8 ? Buf.size() : size_t(Bad - Begin);
    size_t Control = 0; // YAML allows tab, LF and CR only
    while (Control < At && !isControl(Buf[Control]))
      Control++;
    if (Control == Buf.size())
      return true;
    std::string Msg = "bytes that are not UTF-8";
    if (Control < At) {
      At = Control;
      char Hex[8];
      snprintf(Hex, sizeof Hex, "0x%02x", (unsigned char)Buf[At]);
      Msg = Buf[At] ? "a control character (" + std::string(Hex) + ")"
                    : "a NUL byte";
    }
    StringRef Before = Buf.take_front(At);
    size_t LineStart = Before.rfind('\n') + 1; // npos + 1 == 0
    Out.Errors.push_back({unsigned(1 + Before.count('\n')),
                          unsigned(At - LineStart + 1),
                          Msg + ": a profile file is UTF-8 text"});
    return false;
  }

  static bool isControl(char C) {
    auto U = static_cast<unsigned char>(C);
    return (U < 0x20 && U != '\t' && U != '\n' && U != '\r') || U == 0x7f;
  }

  /// Where the second document begins: a `---` line after content or after
  /// a first `---`, or content after a `...` line. YAML allows document
  /// markers only at the start of a line, outside any value.
  SMLoc secondDocument(yaml::Node *Root) {
    bool Content = false, Started = false, Ended = false;
    for (StringRef Rest = Buf; !Rest.empty();) {
      StringRef Line, Next;
      std::tie(Line, Next) = Rest.split('\n');
      auto IsMarker = [&](StringRef M) {
        return Line.starts_with(M) &&
               (Line.size() == 3 || isspace((unsigned char)Line[3]));
      };
      StringRef Text = Line.ltrim();
      bool Blank = Text.empty() || Text.starts_with("#") ||
                   (Line.starts_with("%") && !Content && !Started);
      if (IsMarker("---")) {
        if (Content || Started)
          return SMLoc::getFromPointer(Line.data());
        Started = true;
        Content = !Line.drop_front(3).ltrim().empty() &&
                  !Line.drop_front(3).ltrim().starts_with("#");
      } else if (IsMarker("...")) {
        Ended = true;
      } else if (!Blank) {
        if (Ended)
          return SMLoc::getFromPointer(Line.data());
        Content = true;
      }
      Rest = Next;
    }
    return where(Root);
  }

  /// Where \p N is written. An alias's node has no place of its own (the
  /// parser gives it the next token's): its name points into the file.
  SMLoc where(yaml::Node *N) {
    if (auto *A = dyn_cast_or_null<yaml::AliasNode>(N)) {
      const char *Star = A->getName().data() - 1;
      if (Star >= Buf.begin() && Star < Buf.end())
        return SMLoc::getFromPointer(Star);
    }
    return N ? N->getSourceRange().Start : SMLoc();
  }

  void failAt(SMLoc L, const Twine &Msg) {
    if (!L.isValid()) {
      Out.Errors.push_back({1, 1, Msg.str()});
      return;
    }
    SM.PrintMessage(L, SourceMgr::DK_Error, Msg);
  }

  void fail(yaml::Node *N, const Twine &Msg) { failAt(where(N), Msg); }

  ProfilePlace place(yaml::Node *N) {
    SMLoc L = where(N);
    if (!L.isValid())
      return {};
    auto [Line, Col] = SM.getLineAndColumn(L);
    return {Line, Col};
  }

  /// \p N is not the \p What expected: says so, or that aliases are not
  /// taken, which is the clearer message for `*a`.
  void wrong(yaml::Node *N, const Twine &What, const Twine &Msg) {
    if (auto *A = dyn_cast_or_null<yaml::AliasNode>(N))
      fail(N, "an alias ('*" + A->getName() + "') where " + What +
                  " belongs; a profile file takes no aliases: write it out");
    else
      fail(N, Msg);
  }

  yaml::MappingNode *mapping(yaml::Node *N, const Twine &What) {
    auto *M = dyn_cast_or_null<yaml::MappingNode>(N);
    if (!M)
      wrong(N, What, What + " must be a mapping (key: value)");
    return M;
  }

  std::string key(yaml::KeyValueNode &KV) {
    auto *K = dyn_cast_or_null<yaml::ScalarNode>(KV.getKey());
    if (!K) {
      wrong(KV.getKey(), "a key", "a key must be a plain name");
      return "";
    }
    SmallString<32> Storage;
    return K->getValue(Storage).str();
  }

  /// Calls \p F with each key and entry of \p M (\p Where: "in a library").
  /// A key given twice is an error at the second, which is then skipped:
  /// LLVM's parser would hand over both, and one would win silently.
  template <typename Fn>
  void forEachKey(yaml::MappingNode *M, const Twine &Where, Fn F) {
    StringSet<> Seen;
    for (auto &KV : *M) {
      std::string K = key(KV);
      if (K.empty())
        continue;
      if (!Seen.insert(K).second) {
        fail(KV.getKey(), "'" + K + "' is given twice " + Where);
        continue;
      }
      F(K, KV);
    }
  }

  std::optional<std::string> scalar(yaml::Node *N, const Twine &What) {
    auto *S = dyn_cast_or_null<yaml::ScalarNode>(N);
    if (!S) {
      wrong(N, What, What + " must be a single value");
      return std::nullopt;
    }
    SmallString<32> Storage;
    return S->getValue(Storage).str();
  }

  template <typename Fn> void forEach(yaml::Node *N, const Twine &What, Fn F) {
    auto *Seq = dyn_cast_or_null<yaml::SequenceNode>(N);
    if (!Seq) {
      wrong(N, What, What + " must be a list");
      return;
    }
    for (yaml::Node &Item : *Seq)
      F(&Item);
  }

  std::vector<std::string> strings(yaml::Node *N, const Twine &What) {
    std::vector<std::string> V;
    forEach(N, What, [&](yaml::Node *Item) {
      if (auto S = scalar(Item, What + " entry"))
        V.push_back(*S);
    });
    return V;
  }

  std::optional<bool> boolean(yaml::Node *N, const Twine &What) {
    auto S = scalar(N, What);
    if (S && (*S == "true" || *S == "false"))
      return *S == "true";
    if (S)
      fail(N, What + " must be true or false");
    return std::nullopt;
  }

  /// A parameter number from 1, or `result` (as -1) where allowed.
  std::optional<int> position(yaml::Node *N, const Twine &What, bool Result) {
    auto S = scalar(N, What);
    if (!S)
      return std::nullopt;
    if (Result && *S == "result")
      return NoArg;
    int V = 0;
    if (StringRef(*S).getAsInteger(10, V) || V < 1 || V > 16) {
      fail(N, What + " must be a parameter number from 1 to 16" +
                  (Result ? " or 'result'" : ""));
      return std::nullopt;
    }
    return V - 1;
  }

  void library(yaml::Node *N) {
    auto *M = mapping(N, "a library");
    if (!M)
      return;
    Profile P;
    std::vector<NamePlaces> Places;
    bool HaveHeaders = false, BadHeaders = false;
    yaml::Node *NameNode = nullptr;
    forEachKey(M, "in a library", [&](StringRef K, yaml::KeyValueNode &KV) {
      yaml::Node *V = KV.getValue();
      if (K == "name") {
        if (auto S = scalar(V, "'name'")) {
          P.Name = *S;
          NameNode = V;
          if (Reserved.find(P.Name))
            fail(V, "library name '" + P.Name +
                        "' is taken by a built-in profile; choose another");
        }
      } else if (K == "description") {
        P.Description = scalar(V, "'description'").value_or("");
      } else if (K == "headers") {
        size_t Errors = Out.Errors.size();
        P.Headers = strings(V, "'headers'");
        HaveHeaders = true;
        BadHeaders = Out.Errors.size() != Errors; // said already
      } else if (K == "hub") {
        auto S = scalar(V, "'hub'");
        auto H = StringSwitch<std::optional<HubModel>>(S.value_or(""))
                     .Case("native", HubModel::Native)
                     .Case("yielding-calls", HubModel::YieldingCalls)
                     .Case("scheduler", HubModel::SchedulerContext)
                     .Default(std::nullopt);
        if (H)
          P.Hub = *H;
        else if (S)
          fail(V, "'hub' must be native, yielding-calls or scheduler");
      } else if (K == "self") {
        P.Self = scalar(V, "'self'").value_or("");
        if (!P.Self.empty())
          Places.push_back({"", P.Self, true, place(V), {}});
      } else if (K == "address-handles") {
        P.AddressHandles = boolean(V, "'address-handles'").value_or(false);
      } else if (K == "bodies") {
        P.Bodies = strings(V, "'bodies'");
      } else if (K == "primitives") {
        forEach(V, "'primitives'", [&](yaml::Node *Item) {
          if (auto Prim = primitive(Item, Places))
            P.Primitives.push_back(std::move(*Prim));
        });
      } else {
        fail(KV.getKey(), "unknown key '" + K +
                              "' in a library; expected name, description, "
                              "headers, hub, self, address-handles, bodies, "
                              "primitives");
      }
    });
    if (P.Name.empty()) {
      fail(N, "a library needs a 'name'");
      return;
    }
    // Two libraries of one name cannot be told apart (by profiles=, in
    // reports): one would be lost.
    auto [First, New] = Names.try_emplace(P.Name, where(NameNode));
    if (!New) {
      fail(NameNode, "library '" + P.Name +
                         "' is defined twice; the first is at line " +
                         Twine(SM.FindLineNumber(First->second)));
      return;
    }
    if (!BadHeaders && (!HaveHeaders || P.Headers.empty()))
      fail(N, "library '" + P.Name + "' needs 'headers': the headers that "
                                     "declare its functions");
    for (NamePlaces &NP : Places) {
      NP.Library = P.Name;
      Out.Places.push_back(std::move(NP));
    }
    Out.Libraries.push_back(std::move(P));
  }

  std::optional<Primitive> primitive(yaml::Node *N,
                                     std::vector<NamePlaces> &Places) {
    auto *M = mapping(N, "a primitive");
    if (!M)
      return std::nullopt;
    Primitive P;
    NamePlaces NP;
    bool HaveRole = false, Ok = true;
    auto Pos = [&](yaml::Node *V, StringRef K, int &Out, bool Result) {
      if (auto I = position(V, "'" + K + "'", Result)) {
        Out = *I;
        NP.Keys.push_back({K.str(), place(V)});
      } else {
        Ok = false;
      }
    };
    forEachKey(M, "in a primitive", [&](StringRef K, yaml::KeyValueNode &KV) {
      yaml::Node *V = KV.getValue();
      if (K == "name") {
        P.Name = scalar(V, "'name'").value_or("");
        NP.At = place(V);
      } else if (K == "role") {
        auto S = scalar(V, "'role'");
        auto R = StringSwitch<std::optional<swg_role>>(S.value_or(""))
                     .Case("create", SWG_ROLE_CREATE)
                     .Case("resume", SWG_ROLE_RESUME)
                     .Case("yield", SWG_ROLE_YIELD)
                     .Case("switch", SWG_ROLE_SWITCH)
                     .Case("exit", SWG_ROLE_EXIT)
                     .Case("destroy", SWG_ROLE_DESTROY)
                     .Case("yielding", SWG_ROLE_YIELDING)
                     .Case("start", SWG_ROLE_START)
                     .Default(std::nullopt);
        if (R)
          P.Role = *R, HaveRole = true;
        else if (S)
          fail(V, "unknown role '" + *S +
                      "'; expected create, resume, yield, switch, exit, "
                      "destroy, yielding or start");
        Ok &= R.has_value();
      } else if (K == "handle") {
        Pos(V, K, P.Handle, true);
      } else if (K == "from") {
        Pos(V, K, P.From, false);
      } else if (K == "to") {
        Pos(V, K, P.To, false);
      } else if (K == "entry") {
        Pos(V, K, P.Entry, false);
      } else if (K == "name-arg") {
        Pos(V, K, P.NameArg, false);
      } else {
        fail(KV.getKey(), "unknown key '" + K +
                              "' in a primitive; expected name, role, "
                              "handle, from, to, entry, name-arg");
        Ok = false;
      }
    });
    if (P.Name.empty()) {
      fail(N, "a primitive needs a 'name'");
      return std::nullopt;
    }
    if (!HaveRole) {
      if (Ok)
        fail(N, "primitive '" + P.Name + "' needs a 'role'");
      return std::nullopt;
    }
    if (!Ok)
      return std::nullopt;
    NP.Name = P.Name;
    Places.push_back(std::move(NP));
    return P;
  }

  SourceMgr SM;
  StringRef Buf;
  const ProfileRegistry &Reserved;
  StringMap<SMLoc> Names; ///< libraries so far, where each is named
  ProfileFile Out;
};

} // namespace

ProfileFile parseProfileFile(StringRef Text, const ProfileRegistry &Reserved) {
  return Reader(Text, Reserved).read();
}

} // namespace switchguard
