# Installing and packaging: `cmake --install`, and `cpack` (or the `package` target) for
# pingscope_<version>_<arch>.deb. packaging/package.sh builds the package and checks it.
# Only the two programs and their desktop files are installed: no tests, no static libraries.

include(GNUInstallDirs)

install(TARGETS pingscope pingscope-cli
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        BUNDLE DESTINATION .)

add_subdirectory(resources)

# A native Debian package's own changelog and copyright (lintian: both are required).
set(PINGSCOPE_PACKAGE_MAINTAINER "PingScope developers <maintainers@pingscope.example>"
    CACHE STRING "Maintainer field of the Debian package")
string(TIMESTAMP PINGSCOPE_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(packaging/debian/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog @ONLY)
set(_docdir ${CMAKE_INSTALL_DATADIR}/doc/pingscope)
if(PINGSCOPE_GZIP)
    add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz
        COMMAND ${PINGSCOPE_GZIP} -9 -n -f -k ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
        DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
        VERBATIM)
    add_custom_target(pingscope_changelog ALL
                      DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz)
    install(FILES ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz DESTINATION ${_docdir})
endif()
install(FILES packaging/debian/copyright DESTINATION ${_docdir})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pingscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "PingScope")
set(CPACK_PACKAGE_CONTACT "${PINGSCOPE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Debian wants the lines of the long description within 80 columns.
set(CPACK_PACKAGE_DESCRIPTION
    "PingScope shows what keeps an MQTT connection alive: every PINGREQ and
PINGRESP with its round-trip time, the broker's keep-alive deadline, the Last
Will a broker publishes when a client goes silent, and the take-over when a
second session connects with the same client ID. Each can be provoked on
purpose against a real broker, to learn and to teach MQTT 3.1, 3.1.1 and 5.0.
This package has the desktop application (pingscope) and the headless
monitor (pingscope-cli), which prints JSON events and writes pcap captures.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# The libraries come from the binaries (dpkg-shlibdeps). The rest is for features that
# start other programs or load plugins: the local test broker (mosquitto), the SVG icon
# in the window (the Qt SVG plugins), reading the pcap captures (tshark).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "mosquitto, mosquitto-clients, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "tshark | wireshark")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

# The hand-written man pages name every option that --help lists.
if(PINGSCOPE_BUILD_TESTS)
    add_test(NAME packaging_manpage_cli
             COMMAND ${PROJECT_SOURCE_DIR}/packaging/check-manpage.sh $<TARGET_FILE:pingscope-cli>
                     ${PROJECT_SOURCE_DIR}/resources/man/pingscope-cli.1)
    add_test(NAME packaging_manpage_gui
             COMMAND ${PROJECT_SOURCE_DIR}/packaging/check-manpage.sh $<TARGET_FILE:pingscope>
                     ${PROJECT_SOURCE_DIR}/resources/man/pingscope.1)
    set_tests_properties(packaging_manpage_cli packaging_manpage_gui PROPERTIES LABELS packaging)
    set_tests_properties(packaging_manpage_gui PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen)
endif()
