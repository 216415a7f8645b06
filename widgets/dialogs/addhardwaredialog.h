#pragma once

#include "actions/domainedit.h"
#include "cache/inventorystore.h"
#include "model/types.h"

#include <QDialog>
#include <QSet>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QStackedWidget;

namespace Virtumancer {

/// "Add Hardware" for one VM: a storage disk or CD/DVD drive, a NIC, graphics, video, sound, a
/// serial port or USB redirection. Builds the DomainEditRequest (AttachDisk or AttachDevice);
/// inputs are checked as they are typed and OK stays disabled while something is wrong.
class AddHardwareDialog : public QDialog
{
    Q_OBJECT
public:
    enum Page { Storage, Network, Graphics, Video, Sound, Serial, UsbRedirection };

    /// hostMacs: the MAC addresses of every mirrored VM of the host (lower case), to warn about
    /// a duplicate.
    AddHardwareDialog(const DomainInfo &domain, const QSet<QString> &hostMacs,
                      QWidget *parent = nullptr);

    /// The host's virtual networks and volumes, when the mirror read arrives.
    void setNetworks(const QList<NetworkInfo> &networks);
    void setVolumes(const QList<InventoryStore::VolumeRow> &volumes);

    void setPage(Page page);
    DomainEditRequest request() const;
    /// The graphics password to keep in the keyring (empty: none, or not to be remembered).
    QByteArray passwordToRemember() const;
    /// Why OK is disabled, or a warning that does not block it (duplicate MAC); empty if none.
    QString problem() const;

    QComboBox *diskSource() const { return m_diskSource; }
    QComboBox *diskDevice() const { return m_diskDevice; }
    QComboBox *diskBus() const { return m_diskBus; }
    QLineEdit *diskTarget() const { return m_diskTarget; }
    QComboBox *diskFormat() const { return m_diskFormat; }
    QComboBox *nicSource() const { return m_nicSource; }
    QComboBox *nicSourceType() const { return m_nicSourceType; }
    QLineEdit *mac() const { return m_mac; }
    QComboBox *graphicsType() const { return m_graphicsType; }
    QComboBox *listen() const { return m_listen; }
    QLineEdit *password() const { return m_password; }
    QCheckBox *rememberPassword() const { return m_remember; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    QWidget *storagePage();
    QWidget *networkPage();
    QWidget *graphicsPage();
    QWidget *modelPage(QComboBox *combo, const QString &text);
    QWidget *textPage(const QString &text);
    void validate();
    Result<> check() const;

    DomainInfo m_domain;
    QSet<QString> m_hostMacs;
    QList<NetworkInfo> m_networks;
    QListWidget *m_pages;
    QStackedWidget *m_stack;
    QComboBox *m_diskSource;
    QComboBox *m_diskDevice;
    QComboBox *m_diskBus;
    QLineEdit *m_diskTarget;
    QComboBox *m_diskFormat; ///< "" (the volume's, from libvirt), raw, qcow2
    /// Paths of the host's pool volumes; any other image needs its format chosen.
    QSet<QString> m_poolVolumes;
    QComboBox *m_nicSourceType;
    QComboBox *m_nicSource;
    QComboBox *m_nicModel;
    QLineEdit *m_mac;
    QComboBox *m_graphicsType;
    QComboBox *m_listen;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QComboBox *m_video;
    QComboBox *m_sound;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Virtumancer
