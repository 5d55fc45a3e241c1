// The Messages tab under load: what one 25 Hz batch costs when the model is full (100,000
// rows, so every batch also drops as many old rows) with no filter, a substring filter and
// an MQTT wildcard filter; and what re-filtering all rows costs (one keystroke in the filter
// field). The view is shown (offscreen); the append (model, proxy, view bookkeeping) and
// the repaint that follows are timed apart, since only the first depends on the filter.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_messagefilter [batch] [batches]

#include "session/messagemodel.h"
#include "session/messagesview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace PingScope;

namespace {

constexpr qsizetype Rows = MessageModel::DefaultMaximumRows;

// 1,000 topics over 10 sites, as a plant's sensors would publish them; 100-byte payloads.
QList<MessageRow> makeRows(qsizetype count, qsizetype first)
{
    QList<MessageRow> rows;
    rows.reserve(count);
    const QByteArray payload(100, 'x');
    for (qsizetype i = first; i < first + count; ++i) {
        rows.append({0,
                     QStringLiteral("plant/site-%1/sensor-%2/temperature").arg(i % 10).arg(i % 100),
                     0, false, payload});
    }
    return rows;
}

double median(std::vector<qint64> samples)
{
    std::sort(samples.begin(), samples.end());
    return double(samples[samples.size() / 2]);
}

struct Result
{
    double appendUs; // model, proxy and view bookkeeping: what the filter can change
    double paintUs;  // the repaint that follows (one frame of the visible rows)
    double refilterMs;
    int shown;
};

Result run(const QString &filter, qsizetype batch, int batches)
{
    MessageModel model;
    MessagesView view(&model);
    view.resize(1000, 700);
    view.show();
    model.appendMessages(makeRows(Rows, 0));

    QElapsedTimer timer;
    timer.start();
    view.setTopicFilter(filter);
    const double refilterMs = double(timer.nsecsElapsed()) / 1e6;
    QApplication::processEvents();

    // The batches are made beforehand: only the UI side is measured.
    std::vector<QList<MessageRow>> pending;
    for (int i = 0; i < batches; ++i)
        pending.push_back(makeRows(batch, Rows + i * batch));
    std::vector<qint64> append;
    std::vector<qint64> paint;
    for (auto &rows : pending) {
        timer.restart();
        model.appendMessages(std::move(rows));
        append.push_back(timer.nsecsElapsed());
        timer.restart();
        QApplication::processEvents(); // layout and repaint, as the event loop would
        paint.push_back(timer.nsecsElapsed());
    }
    return {median(append) / 1e3, median(paint) / 1e3, refilterMs,
            view.table()->model()->rowCount()};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const qsizetype batch = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1000;
    const int batches = argc > 2 ? QByteArray(argv[2]).toInt() : 50;

    std::printf("model full at %lld rows; batches of %lld messages (%lld msg/s at 25 Hz); "
                "median of %d\n",
                qlonglong(Rows), qlonglong(batch), qlonglong(batch * 25), batches);
    const Result none = run(QString(), batch, batches);
    const struct
    {
        const char *name;
        QString filter;
    } cases[] = {{"no filter", QString()},
                 {"substring 'site-3'", QStringLiteral("site-3")},
                 {"wildcard 'plant/+/sensor-7/#'", QStringLiteral("plant/+/sensor-7/#")},
                 {"wildcard matching all '#'", QStringLiteral("#")}};
    for (const auto &c : cases) {
        const Result r = c.filter.isEmpty() ? none : run(c.filter, batch, batches);
        std::printf("%-30s append %7.0f us (%.2fx no filter)  + repaint %7.0f us  = %4.1f%% "
                    "of a 40 ms frame   re-filter %6.1f ms   shown %d\n",
                    c.name, r.appendUs, r.appendUs / none.appendUs, r.paintUs,
                    (r.appendUs + r.paintUs) / 400.0, r.refilterMs, r.shown);
    }
    return 0;
}
