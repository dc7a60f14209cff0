# switchguard's lit configuration.
#
#   plugin/  IR tests: clang -fplugin=... -S -emit-llvm | FileCheck, and
#            plugin/ir/*.ll: opt %passplugin -passes=switchguard | FileCheck
#   diag/    compiler diagnostics: errors and warnings at the right line
#   unit/    runtime modules, compiled alone
#   e2e/     compile with switchguard-cc, run, FileCheck the report
#
# Substitutions: %clang (plain clang), %plugin (-fplugin=switchguard.so),
# %swgcc, %swgcxx (the wrappers), %rtsrc (runtime/ sources), %inputs (test/Inputs),
# %opt (the opt of the LLVM under test), %passplugin (-load-pass-plugin=switchguard.so).
# Tests run under bash, so a test finds its own marked lines with
# $(grep -n MARK %s | cut -d: -f1) rather than hard-coding numbers.
import os
import lit.formats

# Run from the source tree (lit test/plugin), find the build's site config
# through --param build=DIR (default: build).
if not hasattr(config, "swg_obj_root"):
    build = os.path.abspath(lit_config.params.get("build", "build"))
    lit_config.load_config(config, os.path.join(build, "test", "lit.site.cfg.py"))
    raise SystemExit  # the site config has loaded this file already

config.name = "switchguard"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".cpp", ".test", ".ll"]
config.excludes = ["Inputs", "capture_test.c", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.swg_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Reports go to stderr with the defaults unless a test says otherwise.
config.environment.pop("SWITCHGUARD_OPTIONS", None)

src = config.swg_src_root
# Every instrumented module is verified in the tests.
verify = " -fplugin-arg-switchguard-verify"
config.substitutions.append(("%plugin", "-fplugin=" + config.swg_plugin + verify))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%opt", os.path.join(config.llvm_tools_dir, "opt")))
config.substitutions.append(("%passplugin", "-load-pass-plugin=" + config.swg_plugin))
config.substitutions.append(("%swgcc", config.swg_cc + verify))
swg_cxx = os.path.join(os.path.dirname(config.swg_cc), "switchguard-c++")
config.substitutions.append(("%swgcxx", swg_cxx + verify))
# The runtime and its libraries, for builds without the wrapper.
config.substitutions.append(("%swglib", config.swg_runtime + " -ldw -lelf -lpthread"))
# %rtinc: every runtime layer's headers, for unit tests that compile
# runtime sources themselves (runtime/sources.txt lists the layers); it
# precedes %rtsrc, which it starts with.
rt = os.path.join(src, "runtime")
rt_dirs = ["include", "abi", "base", "switch", "stack", "report", "record", "monitor"]
config.substitutions.append(("%rtinc", " ".join("-I" + os.path.join(rt, d) for d in rt_dirs)))
config.substitutions.append(("%rtsrc", rt))
config.substitutions.append(("%swgbin", os.path.join(config.swg_obj_root, "bin")))
config.substitutions.append(("%inputs", os.path.join(src, "test", "Inputs")))
config.available_features.add("llvm-%d" % config.llvm_major)

# Real coroutine libraries beside the project (../shared/corpus): tests of
# them say REQUIRES: corpus and are UNSUPPORTED where the folder is absent.
corpus = os.path.abspath(os.path.join(src, "..", "shared", "corpus"))
if os.path.isdir(corpus):
    config.available_features.add("corpus")
config.substitutions.append(("%corpus", corpus))

# Run-time tests measure real time (a 100 ms threshold, a 1 s sleep). On a
# 2-core machine that something else loads, a few have missed a report by
# a period; lit runs such a test once more and says FLAKYPASS, so the
# cause stays visible while a busy machine cannot turn the suite red. A
# test that fails twice fails. (Known weakness: margins to widen.)
config.test_retry_attempts = 1
