// LessonReport::toHtml(): the class handout. One file with its own style, no scripts and no
// links to fetch, so it opens the same from a USB stick, a mail or a printer. It is also
// well-formed XML (self-closed empty elements, numeric entities), so tools and tests can
// read it back with an XML parser.

#include "lessonreport.h"

namespace PingScope {

namespace {

// Green, red and grey as the verdicts' colours; the words stay, for readers (and printers)
// that cannot tell the colours apart.
const char *const Style = R"(
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       color: #1f2328; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
.meta { color: #57606a; margin-top: 0; }
.explanation { font-size: 1.05em; }
.error { border-left: 4px solid #cf222e; padding: 0.4em 0.8em; background: #ffebe9; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: 0.4em 0.6em; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; }
.verdict { font-weight: bold; white-space: nowrap; }
.observed { color: #1a7f37; }
.not-observed { color: #cf222e; }
.not-applicable { color: #6e7781; }
tr.not-observed td:first-child { border-left: 4px solid #cf222e; }
tr.observed td:first-child { border-left: 4px solid #1a7f37; }
tr.not-applicable td:first-child { border-left: 4px solid #8c959f; }
.summary { font-weight: bold; }
footer { color: #57606a; font-size: 0.9em; margin-top: 2em; }
)";

// Markup escaped; and C0 control characters (MQTT strings may hold them, XML may not)
// replaced, so the page stays well-formed XML as well as HTML.
QString escaped(const QString &text)
{
    QString safe = text.toHtmlEscaped();
    for (QChar &c : safe) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            c = QChar::ReplacementCharacter;
    }
    return safe;
}

QString cell(const QString &text)
{
    return QStringLiteral("<td>%1</td>").arg(escaped(text));
}

} // namespace

QString LessonReport::toHtml() const
{
    QString html =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                       "<meta charset=\"utf-8\"/>\n<title>%1 - PingScope lesson</title>\n"
                       "<style>%2</style>\n</head>\n<body>\n")
            .arg(escaped(title), QString::fromLatin1(Style));
    html += QStringLiteral("<h1>%1</h1>\n").arg(escaped(title));
    QString meta = QStringLiteral("Lesson <code>%1</code> &#183; broker %2")
                       .arg(escaped(lessonId), escaped(broker));
    if (startedAt.isValid())
        meta += QStringLiteral(" &#183; run on %1")
                    .arg(escaped(startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"))));
    meta += QStringLiteral(" &#183; took %1").arg(escaped(durationText(durationNs)));
    html += QStringLiteral("<p class=\"meta\">%1</p>\n").arg(meta);
    html += QStringLiteral("<p class=\"explanation\">%1</p>\n").arg(escaped(explanation));
    if (!error.isEmpty())
        html += QStringLiteral("<p class=\"error\"><strong>The run did not go as planned:</strong> "
                               "%1</p>\n")
                    .arg(escaped(error));

    html += QStringLiteral("<table>\n<thead><tr><th>Observation</th><th>Result</th>"
                           "<th>Measured</th><th>Tolerance</th></tr></thead>\n<tbody>\n");
    for (const Result &result : results) {
        const QString verdict = verdictName(result.outcome.verdict);
        html +=
            QStringLiteral("<tr class=\"%1\">%2<td><span class=\"verdict %1\">%3</span><br/>"
                           "%4</td>%5%6</tr>\n")
                .arg(verdict, cell(result.description),
                     escaped(verdictWords(result.outcome.verdict)), escaped(result.outcome.text),
                     cell(result.outcome.figure), cell(result.outcome.tolerance));
    }
    html += QStringLiteral("</tbody>\n</table>\n");
    const bool ok = passed();
    html += QStringLiteral("<p class=\"summary %1\">%2: %3</p>\n")
                .arg(ok ? QStringLiteral("observed") : QStringLiteral("not-observed"),
                     ok ? QStringLiteral("PASSED") : QStringLiteral("FAILED"), escaped(summary()));
    html += QStringLiteral("<footer>Measured with PingScope against a real broker; every figure "
                           "is from this run.</footer>\n</body>\n</html>\n");
    return html;
}

} // namespace PingScope
