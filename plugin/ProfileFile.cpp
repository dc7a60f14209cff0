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
//
//   Parameters are numbered from 1, as in the attributes; `result` is the
//   return value. Unknown keys are errors, not ignored.
//
//===----------------------------------------------------------------------===//
#include "ProfileFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

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
    yaml::Stream S(Buf, SM);
    auto Doc = S.begin();
    if (Doc == S.end() || !Doc->getRoot()) {
      Out.Errors.push_back({1, 1, "empty profile file"});
      return std::move(Out);
    }
    if (auto *Top = mapping(Doc->getRoot(), "the top level"))
      for (auto &KV : *Top) {
        std::string Key = key(KV);
        if (Key == "libraries")
          forEach(KV.getValue(), "'libraries'",
                  [&](yaml::Node *N) { library(N); });
        else if (Key == "blocking")
          Out.Blocking = strings(KV.getValue(), "'blocking'");
        else if (!Key.empty())
          fail(KV.getKey(), "unknown key '" + Key +
                                "'; expected 'libraries' or 'blocking'");
      }
    if (S.failed() && Out.Errors.empty())
      Out.Errors.push_back({1, 1, "not a valid YAML document"});
    return std::move(Out);
  }

private:
  void fail(yaml::Node *N, const Twine &Msg) {
    SMLoc L = N ? N->getSourceRange().Start : SMLoc();
    if (!L.isValid()) {
      Out.Errors.push_back({1, 1, Msg.str()});
      return;
    }
    SM.PrintMessage(L, SourceMgr::DK_Error, Msg);
  }

  yaml::MappingNode *mapping(yaml::Node *N, const Twine &What) {
    auto *M = dyn_cast_or_null<yaml::MappingNode>(N);
    if (!M)
      fail(N, What + " must be a mapping (key: value)");
    return M;
  }

  std::string key(yaml::KeyValueNode &KV) {
    auto *K = dyn_cast_or_null<yaml::ScalarNode>(KV.getKey());
    if (!K) {
      fail(KV.getKey(), "a key must be a plain name");
      return "";
    }
    SmallString<32> Storage;
    return K->getValue(Storage).str();
  }

  std::optional<std::string> scalar(yaml::Node *N, const Twine &What) {
    auto *S = dyn_cast_or_null<yaml::ScalarNode>(N);
    if (!S) {
      fail(N, What + " must be a single value");
      return std::nullopt;
    }
    SmallString<32> Storage;
    return S->getValue(Storage).str();
  }

  template <typename Fn> void forEach(yaml::Node *N, const Twine &What, Fn F) {
    auto *Seq = dyn_cast_or_null<yaml::SequenceNode>(N);
    if (!Seq) {
      fail(N, What + " must be a list");
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
    bool HaveHeaders = false;
    for (auto &KV : *M) {
      std::string K = key(KV);
      yaml::Node *V = KV.getValue();
      if (K == "name") {
        if (auto S = scalar(V, "'name'")) {
          P.Name = *S;
          if (Reserved.find(P.Name))
            fail(V, "library name '" + P.Name +
                        "' is taken by a built-in profile; choose another");
        }
      } else if (K == "description") {
        P.Description = scalar(V, "'description'").value_or("");
      } else if (K == "headers") {
        P.Headers = strings(V, "'headers'");
        HaveHeaders = true;
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
      } else if (K == "address-handles") {
        P.AddressHandles = boolean(V, "'address-handles'").value_or(false);
      } else if (K == "bodies") {
        P.Bodies = strings(V, "'bodies'");
      } else if (K == "primitives") {
        forEach(V, "'primitives'", [&](yaml::Node *Item) {
          if (auto Prim = primitive(Item))
            P.Primitives.push_back(std::move(*Prim));
        });
      } else if (!K.empty()) {
        fail(KV.getKey(), "unknown key '" + K +
                              "' in a library; expected name, description, "
                              "headers, hub, self, address-handles, bodies, "
                              "primitives");
      }
    }
    if (P.Name.empty())
      fail(N, "a library needs a 'name'");
    else if (!HaveHeaders || P.Headers.empty())
      fail(N, "library '" + P.Name + "' needs 'headers': the headers that "
                                     "declare its functions");
    Out.Libraries.push_back(std::move(P));
  }

  std::optional<Primitive> primitive(yaml::Node *N) {
    auto *M = mapping(N, "a primitive");
    if (!M)
      return std::nullopt;
    Primitive P;
    bool HaveRole = false, Ok = true;
    auto Pos = [&](yaml::Node *V, StringRef K, int &Out, bool Result) {
      if (auto I = position(V, "'" + K.str() + "'", Result))
        Out = *I;
      else
        Ok = false;
    };
    for (auto &KV : *M) {
      std::string K = key(KV);
      yaml::Node *V = KV.getValue();
      if (K == "name") {
        P.Name = scalar(V, "'name'").value_or("");
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
      } else if (!K.empty()) {
        fail(KV.getKey(), "unknown key '" + K +
                              "' in a primitive; expected name, role, "
                              "handle, from, to, entry, name-arg");
        Ok = false;
      }
    }
    if (P.Name.empty()) {
      fail(N, "a primitive needs a 'name'");
      return std::nullopt;
    }
    if (!HaveRole) {
      if (Ok)
        fail(N, "primitive '" + P.Name + "' needs a 'role'");
      return std::nullopt;
    }
    return Ok ? std::optional<Primitive>(std::move(P)) : std::nullopt;
  }

  SourceMgr SM;
  StringRef Buf;
  const ProfileRegistry &Reserved;
  ProfileFile Out;
};

} // namespace

ProfileFile parseProfileFile(StringRef Text, const ProfileRegistry &Reserved) {
  return Reader(Text, Reserved).read();
}

} // namespace switchguard
