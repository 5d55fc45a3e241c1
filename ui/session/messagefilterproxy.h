#pragma once

#include "session/topicmatcher.h"

#include <QSortFilterProxyModel>

namespace PingScope {

class MessageModel;

// The Messages tab's topic filter. Text with a wildcard (+ or #) is an MQTT topic filter,
// matched as a broker would (case-sensitive); other text matches topics containing it,
// case-insensitively. Rows are tested on the MessageModel's own rows, not through data():
// a 25 Hz batch costs one match per new row and no string formatting.
class MessageFilterProxy : public QSortFilterProxyModel
{
public:
    enum class Mode { All, Substring, Wildcard, Invalid };

    explicit MessageFilterProxy(MessageModel *model, QObject *parent = nullptr);

    void setTopicFilter(const QString &text);
    Mode mode() const { return m_mode; }
    // Why the text is not a valid topic filter; empty unless mode() is Invalid.
    QString problem() const { return m_problem; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    MessageModel *m_model;
    Mode m_mode = Mode::All;
    QString m_text;
    QString m_problem;
    TopicMatcher m_matcher;
};

} // namespace PingScope
