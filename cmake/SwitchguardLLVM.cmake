# Finds the LLVM and Clang the plugin is built for.
#
#   -DSWITCHGUARD_LLVM=19 (default) or 22   a Debian llvm-N install
#   -DLLVM_DIR=/path/lib/cmake/llvm         any other install
#
# Debian's LLVMConfigVersion.cmake wants "major.minor", so a versioned
# find_package(LLVM 19) fails there; search unversioned with a hint and
# check the major version ourselves.
set(SWITCHGUARD_LLVM 19 CACHE STRING "LLVM major version to build against")
set(SWITCHGUARD_MIN_LLVM 18)

find_package(LLVM CONFIG REQUIRED
  HINTS /usr/lib/llvm-${SWITCHGUARD_LLVM}/lib/cmake/llvm)
if(LLVM_VERSION_MAJOR VERSION_LESS SWITCHGUARD_MIN_LLVM)
  message(FATAL_ERROR
    "switchguard needs LLVM ${SWITCHGUARD_MIN_LLVM} or newer (it uses "
    "CodeGenOptions::PassBuilderCallbacks); found ${LLVM_PACKAGE_VERSION} "
    "at ${LLVM_DIR}. Pass -DSWITCHGUARD_LLVM=19 or -DLLVM_DIR=...")
endif()
find_package(Clang CONFIG REQUIRED HINTS ${LLVM_DIR}/../clang
  /usr/lib/llvm-${LLVM_VERSION_MAJOR}/lib/cmake/clang)
message(STATUS "switchguard: LLVM ${LLVM_PACKAGE_VERSION} in ${LLVM_TOOLS_BINARY_DIR}")

set(SWITCHGUARD_CLANG ${LLVM_TOOLS_BINARY_DIR}/clang CACHE INTERNAL "the clang the plugin is built for")
find_program(SWITCHGUARD_FILECHECK FileCheck HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
find_program(SWITCHGUARD_NOT not HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
# 22 installs a lit binary; 19 ships only lit.py in its build tree.
find_program(SWITCHGUARD_LIT NAMES lit lit.py
  HINTS ${LLVM_TOOLS_BINARY_DIR} ${LLVM_TOOLS_BINARY_DIR}/../build/utils/lit
  NO_DEFAULT_PATH)
foreach(tool SWITCHGUARD_FILECHECK SWITCHGUARD_NOT SWITCHGUARD_LIT)
  if(NOT ${tool})
    message(FATAL_ERROR "switchguard: ${tool} not found next to ${LLVM_TOOLS_BINARY_DIR}; "
      "install llvm-${LLVM_VERSION_MAJOR}-tools")
  endif()
endforeach()
