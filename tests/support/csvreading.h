#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The tests' own RFC 4180 reader (not the exporter's code), to check what a spreadsheet
// would read from the events CSV.
inline QList<QStringList> parseCsv(const QString &text, QString *problem)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            if (!field.isEmpty())
                *problem = QStringLiteral("a quote inside an unquoted field at %1").arg(i);
            quoted = true;
        } else if (c == u',') {
            row += field;
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
            row += field;
            field.clear();
            rows += row;
            row.clear();
            ++i;
        } else if (c == u'\n' || c == u'\r') {
            *problem = QStringLiteral("a bare line break outside quotes at %1").arg(i);
        } else {
            field += c;
        }
    }
    if (quoted || !row.isEmpty() || !field.isEmpty())
        *problem = QStringLiteral("the last row does not end with CRLF");
    return rows;
}
