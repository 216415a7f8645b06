#pragma once

#include <QWidget>

class QComboBox;
class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QThread;

namespace Virtumancer {

class AuditModel;
class MirrorReader;

/// The audit log: every change the app made (AUDIT) and every change it observed (INFO),
/// filtered by host, object (a VM's uuid or any object id), level and time. Reads on a thread
/// of its own; the newest 1,000 matching events are shown.
class AuditView : public QWidget
{
    Q_OBJECT
public:
    AuditView(const QString &dataDir, const QString &objectId = {}, QWidget *parent = nullptr);
    ~AuditView() override;

    QTableView *table() const { return m_table; }
    QLineEdit *hostFilter() const { return m_host; }
    QLineEdit *objectFilter() const { return m_object; }
    QComboBox *levelFilter() const { return m_level; }
    bool isLoading() const { return m_pendingTag != 0; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void refreshed(int rows);

private:
    AuditModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_host;
    QLineEdit *m_object;
    QComboBox *m_level;
    QCheckBox *m_sinceEnabled;
    QDateTimeEdit *m_since;
    QLabel *m_count;
    QThread *m_thread;
    MirrorReader *m_reader;
    quint64 m_nextTag = 1;
    quint64 m_pendingTag = 0;
};

} // namespace Virtumancer
