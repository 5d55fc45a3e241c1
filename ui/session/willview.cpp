#include "willview.h"

#include "payloadformat.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"
#include "shapeicon.h"
#include "timeline/timelinestyle.h"

#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace PingScope {

namespace {

constexpr qreal TitleScale = 1.6;
constexpr qreal FigureScale = 1.25;
constexpr int PreviewChars = 200; // the whole will is in the profile; this is a glance
constexpr int PreviewBytes = 48;

QLabel *newLabel(QWidget *parent, const char *name, bool wrap = true)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(wrap);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString payloadPreview(const QByteArray &payload)
{
    if (payload.isEmpty())
        return WillView::tr("(empty)");
    const QString size =
        payload.size() == 1 ? WillView::tr("1 byte") : WillView::tr("%1 bytes").arg(payload.size());
    if (const auto text = payloadText(payload)) {
        const QString shown =
            text->size() > PreviewChars ? text->left(PreviewChars) + QStringLiteral("…") : *text;
        return QStringLiteral("“%1” (%2)").arg(shown, size);
    }
    const QString hex = hexText(payload.left(PreviewBytes));
    return WillView::tr("hex %1%2 (%3)")
        .arg(hex, payload.size() > PreviewBytes ? QStringLiteral(" …") : QString(), size);
}

// UI.md: a will is amber with a diamond, as the timeline draws it (TimelineStyle).
QColor willColour(const QPalette &palette)
{
    return TimelineStyle::colour(TimelineLook::Will, palette);
}

// Filled once published; an outline while the will is only a promise (armed, expected).
void paintDiamond(QPainter *painter, const QRectF &box, const QColor &colour, bool filled)
{
    const qreal side = qMin(box.width(), box.height()) * 0.8;
    const qreal pen = qMax<qreal>(1.5, side / 6);
    QRectF shape(0, 0, side, side);
    shape.moveCenter(box.center());
    if (!filled)
        shape.adjust(pen / 2, pen / 2, -pen / 2, -pen / 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(filled ? QPen(Qt::NoPen)
                           : QPen(colour, pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(filled ? QBrush(colour) : QBrush(Qt::NoBrush));
    painter->drawPath(TimelineStyle::shape(TimelineLook::Will, shape));
    painter->restore();
}

QString qosText(quint8 qos)
{
    switch (qos) {
    case 0:
        return WillView::tr("0: at most once");
    case 1:
        return WillView::tr("1: at least once");
    default:
        return WillView::tr("2: exactly once");
    }
}

} // namespace

WillView::WillView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("willView"));
    auto *column = new QVBoxLayout(this);

    auto *stateRow = new QHBoxLayout;
    m_icon = new ShapeIcon({}, this);
    m_title = newLabel(this, "willStateTitle", false);
    stateRow->addWidget(m_icon, 0, Qt::AlignVCenter);
    stateRow->addWidget(m_title, 1);
    column->addLayout(stateRow);
    m_explanation = newLabel(this, "willExplanation");
    column->addWidget(m_explanation);
    m_publishedLabel = newLabel(this, "willPublished");
    column->addWidget(m_publishedLabel);

    m_details = new QWidget(this);
    auto *form = new QFormLayout(m_details);
    form->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    m_topic = newLabel(m_details, "willTopic");
    m_qos = newLabel(m_details, "willQos");
    m_retain = newLabel(m_details, "willRetain");
    m_payload = newLabel(m_details, "willPayload");
    m_delay = newLabel(m_details, "willDelay");
    form->addRow(tr("Topic"), m_topic);
    form->addRow(tr("QoS"), m_qos);
    form->addRow(tr("Retain"), m_retain);
    form->addRow(tr("Payload"), m_payload);
    form->addRow(tr("Will delay"), m_delay);
    m_delayCaption = qobject_cast<QLabel *>(form->labelForField(m_delay));
    column->addWidget(m_details);

    m_watch = new QPushButton(tr("Watch this will"), this);
    m_watch->setObjectName(QStringLiteral("watchButton"));
    m_watch->setToolTip(tr("Open a second connection subscribed to the will topic, to see the "
                           "broker publish the will and how long it takes"));
    connect(m_watch, &QPushButton::clicked, this, &WillView::watchRequested);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_watch);
    buttons->addStretch();
    column->addLayout(buttons);
    column->addStretch();

    applyStyle();
    refresh();
}

void WillView::setWill(const std::optional<Protocol::Will> &will, Protocol::ProtocolVersion version)
{
    m_will = will;
    m_version = version;
    if (!m_will)
        m_state = State::None;
    else if (m_state == State::None || m_state == State::NotArmed)
        m_state = m_connected ? State::Armed : State::NotArmed;
    refreshDetails();
    refresh();
}

void WillView::appendEvents(const QList<const Event *> &events)
{
    for (const Event *event : events) {
        switch (event->kind) {
        case EventKind::Connected:
            m_connected = true;
            m_blackHoled = false;
            m_endCause.clear();
            if (m_will)
                m_state = State::Armed;
            break;
        case EventKind::Packet:
            if (event->isPacket(Protocol::PacketType::Disconnect, Direction::Sent))
                sentDisconnect(*event);
            else if (event->isPacket(Protocol::PacketType::Disconnect, Direction::Received))
                ended(tr("the broker sent DISCONNECT %1")
                          .arg(Protocol::reasonCodeText(Protocol::PacketType::Disconnect,
                                                        event->reasonCode)));
            break;
        case EventKind::PingTimeout:
            ended(tr("ping timeout: no PINGRESP, the client closed a half-open link"), true);
            break;
        case EventKind::ClosedByBroker:
            ended(tr("the broker closed the connection"));
            break;
        case EventKind::TakenOver:
            ended(tr("taken over by another connection with the same client ID"));
            break;
        case EventKind::FaultInjected:
            if (event->fault == FaultKind::Drop)
                ended(tr("dropped without DISCONNECT (fault injected)"));
            else if (event->fault == FaultKind::BlackHole)
                m_blackHoled = true;
            break;
        case EventKind::Disconnected:
            // Nothing above explained the end (a socket error, say): it was not a normal
            // DISCONNECT either, so the will is due all the same.
            ended(event->text.isEmpty() ? tr("the connection ended without DISCONNECT")
                                        : event->text);
            m_connected = false;
            break;
        default:
            break;
        }
    }
    refresh();
}

void WillView::sentDisconnect(const Event &event)
{
    if (m_state != State::Armed)
        return;
    if (m_blackHoled) {
        ended(tr("this client's DISCONNECT was swallowed by the black hole"));
        return;
    }
    quint8 reason = 0;
    if (m_version == Protocol::ProtocolVersion::V5) {
        const Protocol::DecodeResult decoded =
            Protocol::decodePacket(event.raw, Protocol::DecodeOptions{event.version});
        if (decoded.ok())
            reason = std::get<Protocol::DisconnectPacket>(decoded.decoded.packet).reasonCode;
    }
    // [MQTT-3.1.2-10]: only a DISCONNECT with 0x00 (3.1.1: any DISCONNECT) deletes the will.
    if (reason == 0)
        m_state = State::Discarded;
    else
        ended(tr("this client sent DISCONNECT %1")
                  .arg(Protocol::reasonCodeText(Protocol::PacketType::Disconnect, reason)));
}

void WillView::ended(const QString &cause, bool unnoticed)
{
    // The first cause is the one that explains it; "disconnected" follows every one of them.
    if (m_state != State::Armed)
        return;
    m_state = State::Expected;
    m_endCause = cause;
    // Through a black hole not even the FIN gets out: the broker learns only from silence.
    m_unnoticed = unnoticed || m_blackHoled;
}

void WillView::willReceived(const Event &event, const QString &watcherName)
{
    const QString at = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    m_published = event.valueNs >= 0 ? tr("Arrived at %1 %2 after the connection was lost (%3).")
                                           .arg(watcherName, durationText(event.valueNs), at)
                                     : tr("Arrived at %1 at %2.").arg(watcherName, at);
    m_state = State::Published;
    refresh();
}

qint64 WillView::willDelaySeconds() const
{
    if (!m_will || m_version != Protocol::ProtocolVersion::V5)
        return 0;
    return m_will->properties.integer(Protocol::PropertyId::WillDelayInterval).value_or(0);
}

QString WillView::title() const
{
    switch (m_state) {
    case State::None:
        return tr("No will");
    case State::NotArmed:
        return tr("Will not armed");
    case State::Armed:
        return tr("Will armed");
    case State::Discarded:
        return tr("Will discarded");
    case State::Expected:
        return tr("Will expected");
    case State::Published:
        return tr("Will published");
    }
    return {};
}

QString WillView::explanation() const
{
    switch (m_state) {
    case State::None:
        return tr("This connection has no will (Last Will and Testament): if it ends "
                  "abruptly, the broker publishes nothing on its behalf. Set one in the "
                  "connection's Will page.");
    case State::NotArmed:
        return tr("Not connected. The will travels in the CONNECT; the broker holds it from the "
                  "moment it accepts the connection.");
    case State::Armed:
        return tr("The broker publishes it if this connection ends without a normal "
                  "DISCONNECT: a crash, a lost link, a keep-alive timeout, a take-over.");
    case State::Discarded:
        return m_version == Protocol::ProtocolVersion::V5
                   ? tr("This client sent a normal DISCONNECT (reason 0x00): the broker "
                        "deleted the will without publishing it.")
                   : tr("This client sent a DISCONNECT (MQTT 3.1.1: always normal): the broker "
                        "deleted the will without publishing it.");
    case State::Expected: {
        const qint64 delay = willDelaySeconds();
        // [MQTT-3.1.2-24]: a broker that saw no close drops the client after 1.5 x keep-alive.
        const QString notices = tr("it notices the link is gone (at the latest 1.5 × keep-alive "
                                   "after the last packet it received)");
        QString when;
        if (delay > 0)
            when = tr("after the will delay of %n s", nullptr, int(delay)) +
                   (m_unnoticed ? tr(", counted from when %1").arg(notices) : QString()) +
                   tr(", unless the session reconnects first");
        else
            when = m_unnoticed ? tr("once %1").arg(notices) : tr("now");
        return tr("The connection ended abnormally (%1): the broker should publish the will %2.")
            .arg(m_endCause, when);
    }
    case State::Published:
        return tr("The broker published the will.");
    }
    return {};
}

void WillView::refresh()
{
    m_title->setText(title());
    m_explanation->setText(explanation());
    // Outline while only a promise, filled once published; grey when nothing is pending.
    const bool filled = m_state == State::Published;
    const bool pending =
        m_state != State::None && m_state != State::Discarded && m_state != State::NotArmed;
    m_icon->setVisible(m_state != State::None);
    m_icon->setPainter(
        [filled, pending](QPainter *painter, const QRectF &box, const QPalette &pal) {
            paintDiamond(painter, box,
                         pending ? willColour(pal) : pal.color(QPalette::Disabled, QPalette::Text),
                         filled);
        });
    QPalette titlePalette = palette();
    if (pending)
        titlePalette.setColor(QPalette::WindowText, willColour(palette()));
    m_title->setPalette(titlePalette);
    // The last publication stays in view after a reconnect re-arms the will.
    m_publishedLabel->setVisible(!m_published.isEmpty());
    // The figure the view exists for: how long the will took to arrive.
    m_publishedLabel->setFont(m_state == State::Published ? m_figureFont : font());
    m_publishedLabel->setText(
        m_state == State::Published ? m_published : tr("Last published: %1").arg(m_published));
    m_details->setVisible(m_will.has_value());
    m_watch->setVisible(m_will.has_value());
}

void WillView::refreshDetails()
{
    if (!m_will)
        return;
    m_topic->setText(m_will->topic);
    m_qos->setText(qosText(m_will->qos));
    m_retain->setText(m_will->retain ? tr("yes: later subscribers get it too")
                                     : tr("no: only current subscribers get it"));
    m_payload->setText(payloadPreview(m_will->payload));
    const bool v5 = m_version == Protocol::ProtocolVersion::V5;
    const qint64 delay = willDelaySeconds();
    m_delay->setText(delay > 0 ? tr("%n s", nullptr, int(delay)) : tr("none: published at once"));
    m_delay->setVisible(v5);
    if (m_delayCaption)
        m_delayCaption->setVisible(v5);
}

void WillView::applyStyle()
{
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * TitleScale);
    title.setWeight(QFont::DemiBold);
    m_title->setFont(title);
    m_icon->setFont(title);
    m_icon->updateGeometry();
    m_figureFont = font();
    m_figureFont.setPointSizeF(m_figureFont.pointSizeF() * FigureScale);
    m_figureFont.setWeight(QFont::DemiBold);
}

void WillView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyStyle();
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        refresh();
}

} // namespace PingScope
