#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;

namespace PingScope {

class MessageDetail;
class MessageFilterProxy;
class MessageModel;

// The Messages tab: a virtualized table of what the session received (MessageModel behind
// a topic filter), a line saying how many are shown and how many the bound dropped, and the
// selected message's detail below.
class MessagesView : public QWidget
{
public:
    explicit MessagesView(MessageModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QSplitter *splitter() const { return m_splitter; }
    MessageDetail *detail() const { return m_detail; }
    QString countText() const;
    // As if typed into the filter field.
    void setTopicFilter(const QString &text);
    MessageFilterProxy *proxy() const { return m_proxy; }

private:
    void applyFilter(const QString &text);
    void updateCount();
    void showCurrent();
    void followNewRows();

    MessageModel *m_model;
    MessageFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QLabel *m_count;
    QLabel *m_filterProblem;
    QTableView *m_table;
    QSplitter *m_splitter;
    MessageDetail *m_detail;
};

} // namespace PingScope
