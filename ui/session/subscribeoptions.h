#pragma once

#include "editor/fieldproblems.h"
#include "protocol/packets.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace PingScope {

// The MQTT 5.0 subscription options (5.0 section 3.8.3.1) and the Subscription Identifier
// property of a SUBSCRIBE, with their rules checked as typed.
class SubscribeOptions : public QWidget
{
    Q_OBJECT

public:
    explicit SubscribeOptions(QWidget *parent = nullptr);

    // Sets the options on `subscription` and returns the SUBSCRIBE's properties; problems
    // for what cannot be sent (No Local on a shared subscription, an identifier out of range).
    Protocol::Properties apply(Protocol::Subscription &subscription,
                               QList<SettingsProblem> &problems) const;
    void showProblems(const QList<SettingsProblem> &problems);

    // "no local · retain as published · retained: not sent · id 7": what differs from the
    // defaults, for the list's "Asked" column; empty for the defaults.
    static QString summary(const Protocol::Subscription &subscription, quint32 identifier);
    // The retain handling in words: "send retained on subscribe", ...
    static QString retainHandlingText(quint8 retainHandling);

Q_SIGNALS:
    void changed();

private:
    QCheckBox *m_noLocal;
    QCheckBox *m_retainAsPublished;
    QComboBox *m_retainHandling;
    QLineEdit *m_identifier;
    FieldProblems m_problems;
};

} // namespace PingScope
