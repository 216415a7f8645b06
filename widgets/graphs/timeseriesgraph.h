#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

#include <functional>

class QPainter;

namespace Virtumancer {

/// A live graph of a few series over the last minutes, drawn with QPainter: the newest sample
/// at the right edge, a filled area under the first series, the current values in the title.
/// Values below zero mean "unknown" and leave a gap.
class TimeSeriesGraph : public QWidget
{
    Q_OBJECT
public:
    struct Series
    {
        QString name;
        QColor color;
        QList<QPointF> points; ///< x = time (ms since epoch), y = value; oldest first
    };
    using Formatter = std::function<QString(double)>;

    explicit TimeSeriesGraph(const QString &title, QWidget *parent = nullptr);

    /// The value at the top of the graph; 0 scales to the largest value shown.
    void setFixedMaximum(double maximum);
    /// The least top of an auto-scaled axis (so that idle noise does not fill the graph).
    void setMinimumScale(double minimum);
    void setFormatter(Formatter formatter);
    /// How much time the x axis spans, ending at the newest sample.
    void setTimeSpanMs(qint64 spanMs);
    void setSeries(const QList<Series> &series);

    QString title() const { return m_title; }
    const QList<Series> &series() const { return m_series; }
    /// The top of the y axis as currently drawn.
    double maximum() const;
    /// "CPU 12 %" or "Read 1.2 MiB/s · Write 0 B/s": the title line as drawn.
    QString summary() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString format(double value) const;

    QString m_title;
    double m_fixedMaximum = 0;
    double m_minimumScale = 1;
    qint64 m_spanMs = 10 * 60 * 1000;
    Formatter m_formatter;
    QList<Series> m_series;
};

/// Draws a small line of recent values into rect (for table cells); max is the top.
void paintSparkline(QPainter *painter, const QRectF &rect, const QList<double> &values,
                    double max, const QColor &color);

/// "1.2 MiB/s"
QString formatByteRate(double bytesPerSecond);
/// "42 %"
QString formatPercent(double percent);

} // namespace Virtumancer
