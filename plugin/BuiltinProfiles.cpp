//===- BuiltinProfiles.cpp - The libraries switchguard knows --------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   One entry per coroutine library, written from its documented API. Each
//   says which calls create, resume, yield, switch, exit or destroy (with
//   the argument carrying each handle), which calls run the scheduler
//   inside them (yielding calls: hub time), and where the hub is.
//   docs/libraries.md shows the same table for people; keep them in step.
//   Argument positions here count from 0.
//
//===----------------------------------------------------------------------===//
#include "Profiles.h"

namespace switchguard {
namespace {

Profile library(const char *Name, const char *Description,
                std::vector<std::string> Headers) {
  Profile L;
  L.Name = Name, L.Description = Description, L.Headers = std::move(Headers);
  return L;
}

Primitive create(const char *Name, int Handle, int Entry) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_CREATE, P.Handle = Handle, P.Entry = Entry;
  return P;
}
Primitive resume(const char *Name, int To) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_RESUME, P.To = To;
  return P;
}
Primitive yield(const char *Name) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_YIELD;
  return P;
}
Primitive switchTo(const char *Name, int From, int To) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_SWITCH, P.From = From, P.To = To;
  return P;
}
Primitive exitTo(const char *Name, int To = NoArg) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_EXIT, P.To = To;
  return P;
}
Primitive destroy(const char *Name, int Handle) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_DESTROY, P.Handle = Handle;
  return P;
}
Primitive yielding(const char *Name) {
  Primitive P;
  P.Name = Name, P.Role = SWG_ROLE_YIELDING;
  return P;
}
template <typename... Names> void yieldings(Profile &L, Names... N) {
  (L.Primitives.push_back(yielding(N)), ...);
}

Profile ucontext() {
  Profile L = library("ucontext", "POSIX ucontext (glibc)", {"ucontext.h"});
  L.Primitives = {create("makecontext", 0, 1), switchTo("swapcontext", 0, 1),
                  switchTo("setcontext", NoArg, 0)};
  return L;
}

Profile pcl() {
  Profile L = library("pcl", "Portable Coroutine Library (libpcl1)", {"pcl.h"});
  L.Primitives = {create("co_create", NoArg, 0), resume("co_call", 0),
                  yield("co_resume"),            exitTo("co_exit"),
                  exitTo("co_exit_to", 0),       destroy("co_delete", 0)};
  return L;
}

Profile stateThreads() {
  Profile L = library("st", "State Threads (libst)", {"st.h"});
  L.Hub = HubModel::SchedulerContext;
  L.Self = "st_thread_self";
  L.EndsAtExit = true;
  Primitive Init;
  Init.Name = "st_init", Init.Role = SWG_ROLE_INIT;
  L.Primitives = {Init, create("st_thread_create", NoArg, 0),
                  exitTo("st_thread_exit")};
  yieldings(L, "st_usleep", "st_sleep", "st_cond_wait", "st_cond_timedwait",
            "st_mutex_lock", "st_thread_join", "st_netfd_poll", "st_poll",
            "st_accept", "st_connect", "st_read", "st_read_fully",
            "st_read_resid", "st_readv", "st_readv_resid", "st_write",
            "st_write_resid", "st_writev", "st_writev_resid", "st_recvfrom",
            "st_sendto", "st_recvmsg", "st_sendmsg");
  return L;
}

// Boost.Context's fcontext, callable from C but with no C header: C users
// declare the functions themselves, so they match by signature too.
Profile fcontext() {
  Profile L = library("fcontext", "Boost.Context fcontext (libboost-context)", {"fcontext.hpp"});
  L.AddressHandles = true;
  L.BySignature = true;
  Primitive Make = create("make_fcontext", NoArg, 2);
  Make.Stack = 0, Make.StackSize = 1, Make.Params = 3;
  Primitive Jump = switchTo("jump_fcontext", NoArg, 0);
  Jump.Params = 2;
  Primitive Ontop = switchTo("ontop_fcontext", NoArg, 0);
  Ontop.Params = 3;
  L.Primitives = {Make, Jump, Ontop};
  return L;
}

Profile minicoro() {
  Profile L = library("minicoro", "minicoro (single header)", {"minicoro.h"});
  L.Prefixes = {"mco_", "_mco_"};
  Primitive Create = create("mco_create", 0, NoArg);
  Create.HandleOut = true;
  Create.Describer = "mco_desc_init", Create.DescriberEntry = 0;
  Create.EntryDesc = 1;
  Primitive Init = create("mco_init", 0, NoArg);
  Init.Describer = "mco_desc_init", Init.DescriberEntry = 0;
  Init.EntryDesc = 1;
  L.Primitives = {Create,          Init,
                  resume("mco_resume", 0), yield("mco_yield"),
                  destroy("mco_destroy", 0), destroy("mco_uninit", 0)};
  return L;
}

// libaco: aco_yield()/aco_exit() are macros over acosw(co, co->main_co);
// the main co (created with a NULL entry) is the hub's own handle.
Profile libaco() {
  Profile L = library("aco", "libaco", {"aco.h"});
  L.Prefixes = {"aco_"};
  Primitive Create = create("aco_create", NoArg, 3);
  Create.NullEntryIsHub = true;
  L.Primitives = {Create, resume("aco_resume", 0), switchTo("acosw", 0, 1),
                  destroy("aco_destroy", 0)};
  return L;
}

// libdill: go(fn) runs fn at once on a new stack between dill_prologue and
// dill_epilogue; the scheduler runs inside the yielding calls.
Profile libdill() {
  Profile L = library("libdill", "libdill", {"libdill.h", "libdillimpl.h"});
  L.Prefixes = {"dill_"};
  L.YieldingParam = "deadline"; // dill_tcp_connect, dill_brecv, ...
  L.Hub = HubModel::YieldingCalls;
  Primitive Start;
  Start.Name = "dill_prologue", Start.Role = SWG_ROLE_START;
  Start.Epilogue = "dill_epilogue";
  L.Primitives = {Start, exitTo("dill_epilogue"), destroy("dill_hclose", 0)};
  yieldings(L, "dill_yield", "dill_msleep", "dill_chsend", "dill_chrecv",
            "dill_choose", "dill_fdin", "dill_fdout", "dill_bundle_wait");
  return L;
}

// libmill: go(fn) saves the caller's context with setjmp, then
// mill_prologue_ returns the new stack and fn runs there until
// mill_epilogue_; there is no handle, so the stack stands for it.
Profile libmill() {
  Profile L = library("libmill", "libmill", {"libmill.h"});
  L.Prefixes = {"mill_"};
  L.Hub = HubModel::YieldingCalls;
  Primitive Start;
  Start.Name = "mill_prologue_", Start.Role = SWG_ROLE_START;
  Start.Epilogue = "mill_epilogue_";
  L.Primitives = {Start, exitTo("mill_epilogue_")};
  yieldings(L, "mill_yield_", "mill_msleep_", "mill_chs_", "mill_chr_",
            "mill_choose_wait_", "mill_fdwait_");
  return L;
}

// byuu libco: symmetric with only a `to`; the context left is co_active().
Profile libco() {
  Profile L = library("libco", "byuu libco", {"libco.h"});
  L.Self = "co_active";
  Primitive Switch = switchTo("co_switch", NoArg, 0);
  Switch.FromSelf = true;
  Primitive Derive = create("co_derive", NoArg, 2); // on the caller's memory
  L.Primitives = {create("co_create", NoArg, 1), Derive, Switch,
                  destroy("co_delete", 0)};
  return L;
}

// libtask: tasks run from a scheduler loop in main(); the program's own
// entry is taskmain, which the library runs as the first task.
Profile libtask() {
  Profile L = library("libtask", "libtask", {"task.h"});
  L.Hub = HubModel::SchedulerContext;
  L.Self = "taskid", L.SelfBits = 32; // int taskid(void)
  L.EndsAtExit = true;
  L.Bodies = {"taskmain"};
  L.Primitives = {create("taskcreate", NoArg, 0), exitTo("taskexit"),
                  exitTo("taskexitall")};
  yieldings(L, "taskyield", "taskdelay", "taskswitch", "tasksleep",
            "fdwait", "fdread", "fdwrite", "chanrecv", "chansend",
            "chanrecvp", "chansendp", "chanrecvul", "chansendul");
  return L;
}

// neco: the outermost neco_start runs the scheduler on the native stack
// until every coroutine has ended, and a coroutine's calls run it on its
// own; the native context is never a coroutine. Written from neco.h.
Profile neco() {
  Profile L = library("neco", "neco", {"neco.h"});
  L.Hub = HubModel::SchedulerContext;
  L.Self = "neco_getid", L.SelfBits = 64; // int64_t neco_getid(void)
  L.EndsAtExit = true;
  L.Bodies = {"__neco_main"}; // what the neco_main macro defines
  L.Prefixes = {"neco_"};
  L.YieldingParam = "deadline"; // the _dl forms
  auto Start = [](const char *Name, int Entry) {
    Primitive P = create(Name, NoArg, Entry);
    P.Role = SWG_ROLE_START;
    return P;
  };
  L.Primitives = {Start("neco_start", 0), Start("neco_startv", 0),
                  Start("neco_gen_start", 2), Start("neco_gen_startv", 2),
                  exitTo("neco_exit")};
  // Every call that can suspend its caller; their _dl forms take a
  // deadline, which makes them yielding calls by signature.
  yieldings(L, "neco_yield", "neco_sleep", "neco_join", "neco_wait",
            "neco_suspend", "neco_cancel", "neco_chan_send", "neco_chan_recv",
            "neco_chan_select", "neco_chan_selectv", "neco_gen_yield",
            "neco_gen_next", "neco_mutex_lock", "neco_mutex_rdlock",
            "neco_cond_wait", "neco_waitgroup_wait", "neco_signal_wait",
            "neco_read", "neco_write", "neco_accept", "neco_connect",
            "neco_dial", "neco_serve", "neco_getaddrinfo", "neco_rand",
            "neco_stream_read", "neco_stream_write", "neco_stream_readfull",
            "neco_stream_read_byte", "neco_stream_flush", "neco_stream_close",
            "neco_work");
  return L;
}

// Tarantool's C module API: a fiber named "sched" is the hub.
Profile tarantool() {
  Profile L = library("tarantool", "Tarantool fibers (module.h)",
                      {"tarantool/module.h"});
  L.Hub = HubModel::SchedulerContext;
  L.Self = "fiber_self";
  L.EndsAtExit = true;
  Primitive New = create("fiber_new", NoArg, 1);
  New.NameArg = 0;
  L.Primitives = {New, resume("fiber_start", 0), yield("fiber_yield"),
                  destroy("fiber_delete", 0)};
  yieldings(L, "fiber_sleep", "fiber_join", "fiber_join_timeout",
            "fiber_reschedule", "coio_wait", "fiber_cond_wait",
            "fiber_cond_wait_timeout");
  return L;
}

// C++20 coroutines (co_await): no primitives to match; the pass finds the
// coroutines themselves (CxxCoroutines.cpp). Listed so that profiles=
// can turn them on or off like any library.
Profile cxx20() {
  return library("cxx20", "C++20 coroutines (asio, Boost.Asio, tasks)", {});
}

} // namespace

const std::vector<Profile> &builtinProfiles() {
  static const std::vector<Profile> All = {
      ucontext(), pcl(),       stateThreads(), fcontext(), minicoro(),
      libaco(),   libdill(),   libmill(),      libco(),    libtask(),
      neco(),     tarantool(), cxx20()};
  return All;
}

} // namespace switchguard
