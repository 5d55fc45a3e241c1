# Precompiled Qt headers for our two libraries. Parsing Qt's headers is most of the cost of
# compiling a file here, and CI compiles everything twice from scratch (dev and asan), so
# this is CI time. Only the headers used in most files: a header in the PCH is parsed once
# per target, one used by a few files (Qt Charts) is cheaper left to them.
# Measured on this 2-vCPU machine, a clean build without -g (as CI's): 583 s without, 351 s
# with (tests/CMakeLists.txt shares PCHs among the tests, which are most of the files).
# PINGSCOPE_PRECOMPILED_HEADERS=OFF checks that every file includes what it uses; the fuzz
# preset builds pingscope_core that way.
option(PINGSCOPE_PRECOMPILED_HEADERS "Precompile the common Qt headers of the libraries" ON)

set(PINGSCOPE_CORE_PCH
    <QtCore/QByteArray> <QtCore/QDateTime> <QtCore/QHash> <QtCore/QJsonArray>
    <QtCore/QJsonObject> <QtCore/QList> <QtCore/QObject> <QtCore/QString> <QtCore/QTimer>
    <QtNetwork/QSslSocket>)
set(PINGSCOPE_UI_PCH
    ${PINGSCOPE_CORE_PCH}
    <QtWidgets/QComboBox> <QtWidgets/QHBoxLayout> <QtWidgets/QHeaderView> <QtWidgets/QLabel>
    <QtWidgets/QLineEdit> <QtWidgets/QPushButton> <QtWidgets/QVBoxLayout> <QtWidgets/QWidget>
    <QtGui/QPainter>)

# pingscope_precompile(<target> CORE|UI): the target's sources see that list's headers
# precompiled (PRIVATE: nothing that links the target inherits it).
function(pingscope_precompile target kind)
    if(PINGSCOPE_PRECOMPILED_HEADERS)
        target_precompile_headers(${target} PRIVATE ${PINGSCOPE_${kind}_PCH})
    endif()
endfunction()
