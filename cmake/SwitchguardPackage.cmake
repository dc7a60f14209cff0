# What `make install` / `cmake --install` puts under the prefix besides the
# targets themselves (plugin/, runtime/, tools/ install those):
#
#   LIBDIR/cmake/switchguard/   find_package(switchguard) config and version
#   LIBDIR/pkgconfig/           switchguard.pc
#   MANDIR/man1, man7           switchguard(1) (the tools), switchguard-cc(1)
#                               under both wrappers' names, switchguard(7)
#   DOCDIR                      the user guide (docs/*.md, the picture)
#
# The wrapper and the CMake package find the rest relative to themselves,
# so a tree installed with --prefix DIR, or moved, still works; the .pc
# file names its prefix, as pkg-config users expect.
include(CMakePackageConfigHelpers)

# Paths inside the prefix, relative when the user gave relative ones.
file(RELATIVE_PATH SWG_LIBDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
file(RELATIVE_PATH SWG_INCLUDEDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
set(SWG_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/switchguard)
file(RELATIVE_PATH SWG_CONFIG_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/cmake/switchguard
  ${CMAKE_INSTALL_PREFIX})

set(SWG_PKG ${CMAKE_BINARY_DIR}/package)
configure_file(${CMAKE_CURRENT_LIST_DIR}/switchguardConfig.cmake.in
  ${SWG_PKG}/switchguardConfig.cmake @ONLY)
write_basic_package_version_file(${SWG_PKG}/switchguardConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
# The .pc file holds the prefix itself (pkg-config users expect plain
# absolute paths), so it is written at install time, when the prefix given
# to `cmake --install --prefix` is known: @SWG_INSTALL_PREFIX@ survives
# this first pass and is filled in then.
set(SWG_INSTALL_PREFIX "@SWG_INSTALL_PREFIX@")
configure_file(${CMAKE_CURRENT_LIST_DIR}/switchguard.pc.in
  ${SWG_PKG}/switchguard.pc.in @ONLY)
unset(SWG_INSTALL_PREFIX)

install(FILES ${SWG_PKG}/switchguardConfig.cmake ${SWG_PKG}/switchguardConfigVersion.cmake
  DESTINATION ${SWG_CONFIG_DIR})
install(CODE "
  set(SWG_INSTALL_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(_swg_pc \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/switchguard.pc\")
  message(STATUS \"Installing: \${_swg_pc}\")
  configure_file(\"${SWG_PKG}/switchguard.pc.in\" \"\${_swg_pc}\" @ONLY)
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${_swg_pc}\")
")
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/switchguard.1
  ${PROJECT_SOURCE_DIR}/docs/man/switchguard-cc.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# One page describes both wrappers; `man switchguard-c++` finds it too.
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/switchguard-cc.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 RENAME switchguard-c++.1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/switchguard.7
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "*.png" PATTERN "man" EXCLUDE)
