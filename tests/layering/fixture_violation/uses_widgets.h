// Not compiled: the layering check's own test feeds it this file, which it must reject.
#pragma once
#include <QColor>
#include <QString>
