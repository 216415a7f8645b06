#include "timeseriesgraph.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace Virtumancer {

TimeSeriesGraph::TimeSeriesGraph(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(title);
}

void TimeSeriesGraph::setFixedMaximum(double maximum)
{
    m_fixedMaximum = maximum;
    update();
}

void TimeSeriesGraph::setMinimumScale(double minimum)
{
    m_minimumScale = minimum;
    update();
}

void TimeSeriesGraph::setFormatter(Formatter formatter)
{
    m_formatter = std::move(formatter);
    update();
}

void TimeSeriesGraph::setTimeSpanMs(qint64 spanMs)
{
    m_spanMs = qMax<qint64>(1000, spanMs);
    update();
}

void TimeSeriesGraph::setSeries(const QList<Series> &series)
{
    m_series = series;
    setToolTip(summary());
    update();
}

double TimeSeriesGraph::maximum() const
{
    if (m_fixedMaximum > 0)
        return m_fixedMaximum;
    double top = 0;
    for (const Series &s : m_series) {
        for (const QPointF &p : s.points)
            top = std::max(top, p.y());
    }
    // A little headroom, and never a zero-height axis.
    return std::max(top * 1.1, m_minimumScale > 0 ? m_minimumScale : 1.0);
}

QString TimeSeriesGraph::format(double value) const
{
    if (value < 0)
        return tr("n/a");
    return m_formatter ? m_formatter(value) : QLocale().toString(value, 'f', 1);
}

QString TimeSeriesGraph::summary() const
{
    QStringList parts;
    for (const Series &s : m_series) {
        const double latest = s.points.isEmpty() ? -1 : s.points.constLast().y();
        parts.append(s.name.isEmpty() ? format(latest)
                                      : QStringLiteral("%1 %2").arg(s.name, format(latest)));
    }
    if (parts.isEmpty())
        return m_title;
    return QStringLiteral("%1: %2").arg(m_title, parts.join(QStringLiteral(" · ")));
}

QSize TimeSeriesGraph::sizeHint() const
{
    return {320, 140};
}

QSize TimeSeriesGraph::minimumSizeHint() const
{
    return {160, 80};
}

void TimeSeriesGraph::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm(font());
    const QRectF plot = QRectF(rect()).adjusted(1, fm.height() + 6, -1, -1);
    p.fillRect(plot, pal.color(QPalette::Base));

    // Title with the current values, and the scale at the top right.
    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRectF(2, 0, width() - 4, fm.height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(summary(), Qt::ElideRight, width() - 4));
    const double top = maximum();
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(plot.adjusted(4, 2, -4, 0), Qt::AlignRight | Qt::AlignTop, format(top));

    // Grid: quarters of the value axis, minutes on the time axis.
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(80);
    p.setPen(QPen(grid, 1));
    for (int i = 1; i < 4; ++i) {
        const qreal y = plot.top() + plot.height() * i / 4.0;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    const qint64 minutes = m_spanMs / 60000;
    for (qint64 m = 1; m < minutes; ++m) {
        const qreal x = plot.right() - plot.width() * double(m * 60000) / double(m_spanMs);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    p.setPen(pal.color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);

    qint64 newest = 0;
    bool known = false;
    for (const Series &s : m_series) {
        if (!s.points.isEmpty())
            newest = std::max(newest, qint64(s.points.constLast().x()));
        known |= std::any_of(s.points.cbegin(), s.points.cend(),
                             [](const QPointF &v) { return v.y() >= 0; });
    }
    if (!known) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No samples: the VM or host is not running, or reports none."));
        return;
    }
    const auto toScreen = [&](const QPointF &v) {
        const double x = plot.right() - plot.width() * double(newest - qint64(v.x())) / m_spanMs;
        const double y = plot.bottom() - plot.height() * std::clamp(v.y() / top, 0.0, 1.0);
        return QPointF(x, y);
    };

    p.setClipRect(plot);
    for (qsizetype si = 0; si < m_series.size(); ++si) {
        const Series &s = m_series.at(si);
        // One path per run of known values; unknown samples (negative) break the line.
        QList<QPolygonF> runs(1);
        for (const QPointF &v : s.points) {
            if (v.y() < 0) {
                if (!runs.constLast().isEmpty())
                    runs.append(QPolygonF());
                continue;
            }
            runs.last().append(toScreen(v));
        }
        for (const QPolygonF &run : std::as_const(runs)) {
            if (run.isEmpty())
                continue;
            if (si == 0 && run.size() > 1) {
                QPainterPath area;
                area.moveTo(run.constFirst().x(), plot.bottom());
                for (const QPointF &pt : run)
                    area.lineTo(pt);
                area.lineTo(run.constLast().x(), plot.bottom());
                QColor fill = s.color;
                fill.setAlpha(60);
                p.fillPath(area, fill);
            }
            p.setPen(QPen(s.color, 1.5));
            if (run.size() == 1)
                p.drawEllipse(run.constFirst(), 1.5, 1.5);
            else
                p.drawPolyline(run);
        }
    }
}

void paintSparkline(QPainter *painter, const QRectF &rect, const QList<double> &values,
                    double max, const QColor &color)
{
    if (values.size() < 2 || max <= 0 || rect.width() < 4)
        return;
    QPolygonF line;
    line.reserve(values.size());
    const qreal step = rect.width() / qreal(values.size() - 1);
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (values.at(i) < 0)
            continue;
        const double v = std::clamp(values.at(i) / max, 0.0, 1.0);
        line.append(QPointF(rect.left() + step * qreal(i), rect.bottom() - rect.height() * v));
    }
    if (line.size() < 2)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPolygonF area = line;
    area.append(QPointF(line.constLast().x(), rect.bottom()));
    area.append(QPointF(line.constFirst().x(), rect.bottom()));
    QColor fill = color;
    fill.setAlpha(50);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawPolygon(area);
    painter->setPen(QPen(color, 1.2));
    painter->setBrush(Qt::NoBrush);
    painter->drawPolyline(line);
    painter->restore();
}

QString formatByteRate(double bytesPerSecond)
{
    return QCoreApplication::translate("Virtumancer", "%1/s").arg(
        QLocale().formattedDataSize(qint64(bytesPerSecond), 1, QLocale::DataSizeIecFormat));
}

QString formatPercent(double percent)
{
    return QCoreApplication::translate("Virtumancer", "%1 %").arg(QLocale().toString(percent, 'f', 0));
}

} // namespace Virtumancer
