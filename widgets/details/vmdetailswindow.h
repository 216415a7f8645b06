#pragma once

#include <QPersistentModelIndex>
#include <QWidget>

class QFormLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTabWidget;
class QThread;

namespace Virtumancer {

class DomainListModel;
class MirrorReader;
class TimeSeriesGraph;

/// Read-only details of one VM: Overview, live Performance graphs, Hardware (every device in its
/// XML, with the device's own XML), and the domain XML. Follows its row: state and configuration changes mirrored
/// while it is open show up at once; it says so if the VM disappears.
class VmDetailsWindow : public QWidget
{
    Q_OBJECT
public:
    /// dataDir: where the window reads the VM's XML (on a thread of its own).
    VmDetailsWindow(DomainListModel *model, const QString &dataDir, const QString &hostId,
                    const QString &uuid, QWidget *parent = nullptr);
    ~VmDetailsWindow() override;

    QTabWidget *tabs() const { return m_tabs; }
    QString overviewValue(const QString &field) const;
    QListWidget *hardwareList() const { return m_hardware; }
    QPlainTextEdit *xmlView() const { return m_xml; }
    /// The Performance tab's graphs: CPU, memory, disk I/O, network.
    QList<TimeSeriesGraph *> graphs() const { return m_graphs; }

Q_SIGNALS:
    /// The user asked for this VM's audit events.
    void eventsRequested(const QString &uuid);
    /// The XML tab and the hardware list show the VM's current XML.
    void xmlShown();

private:
    void reload();
    void refreshGraphs();
    void showXml(const QString &xml);
    void setValue(const QString &field, const QString &value);

    DomainListModel *m_model;
    QString m_hostId;
    QString m_uuid;
    QString m_name;
    QTabWidget *m_tabs;
    QFormLayout *m_form;
    QHash<QString, QLabel *> m_values;
    QListWidget *m_hardware;
    QPlainTextEdit *m_deviceXml;
    QPlainTextEdit *m_xml;
    QList<TimeSeriesGraph *> m_graphs;
    QThread *m_thread;
    MirrorReader *m_reader;  ///< lives on m_thread
    qint64 m_xmlVersion = -1; ///< the row's updatedAt when its XML was last asked for
};

} // namespace Virtumancer
