#pragma once

#include <QByteArray>

// Test vectors are written as the standard prints them: hex bytes separated by spaces,
// "10 0C 00 04 4D 51 54 54". Non-hex characters (spaces, '|') only separate; they let a
// vector be grouped by field for reading.
inline QByteArray hexBytes(const char *text)
{
    QByteArray digits;
    for (const char *p = text; *p; ++p) {
        const char c = *p;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
            digits.append(c);
    }
    Q_ASSERT(digits.size() % 2 == 0);
    return QByteArray::fromHex(digits);
}
