# Fails if any source under SOURCE_DIR includes a header of QtGui, QtWidgets or QtCharts.
# The forbidden names are read from the installed module include directories, so both
# <QtGui/QColor> and <QColor> are caught.
#   cmake -DSOURCE_DIR=<dir> -DQT_HEADERS_DIR=<qt6 include dir> -P check_core_layering.cmake

if(NOT IS_DIRECTORY "${SOURCE_DIR}" OR NOT IS_DIRECTORY "${QT_HEADERS_DIR}")
    message(FATAL_ERROR "SOURCE_DIR (${SOURCE_DIR}) and QT_HEADERS_DIR (${QT_HEADERS_DIR}) "
                        "must be directories")
endif()

set(forbidden_modules QtGui QtWidgets QtCharts QtOpenGL QtOpenGLWidgets)
set(forbidden_headers "")
foreach(module IN LISTS forbidden_modules)
    if(IS_DIRECTORY "${QT_HEADERS_DIR}/${module}")
        file(GLOB names RELATIVE "${QT_HEADERS_DIR}/${module}" "${QT_HEADERS_DIR}/${module}/Q*")
        list(APPEND forbidden_headers ${names})
    endif()
endforeach()
list(LENGTH forbidden_headers count)
if(count LESS 100)
    message(FATAL_ERROR "found only ${count} QtGui/QtWidgets/QtCharts headers under "
                        "${QT_HEADERS_DIR}: the check would prove nothing")
endif()
# Qt Core and Network headers that happen to share a name are not forbidden.
foreach(module QtCore QtNetwork)
    file(GLOB names RELATIVE "${QT_HEADERS_DIR}/${module}" "${QT_HEADERS_DIR}/${module}/Q*")
    list(REMOVE_ITEM forbidden_headers ${names})
endforeach()

file(GLOB_RECURSE sources "${SOURCE_DIR}/*.h" "${SOURCE_DIR}/*.cpp" "${SOURCE_DIR}/*.h.in")
set(violations "")
foreach(source IN LISTS sources)
    file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS includes)
        string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*$" "\\1" header
               "${line}")
        set(bad FALSE)
        if(header MATCHES "^(QtGui|QtWidgets|QtCharts|QtOpenGL|QtOpenGLWidgets)(/|$)")
            set(bad TRUE)
        else()
            list(FIND forbidden_headers "${header}" index)
            if(NOT index EQUAL -1)
                set(bad TRUE)
            endif()
        endif()
        if(bad)
            file(RELATIVE_PATH rel "${SOURCE_DIR}" "${source}")
            list(APPEND violations "${rel}: #include <${header}>")
        endif()
    endforeach()
endforeach()

if(violations)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "core/ must use Qt Core and Network only; it includes GUI headers:\n"
                        "  ${text}")
endif()
list(LENGTH sources source_count)
message(STATUS "layering: ${source_count} files checked against ${count} GUI headers: clean")
