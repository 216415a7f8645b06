#pragma once

#include "consolepane.h"

#include <QHash>
#include <QMainWindow>

class QActionGroup;
class QMenu;
class QTimer;
class QToolBar;

namespace Virtumancer {

/// One VM's console in a window of its own (one per VM: the main window keeps the registry).
/// A ConsolePane in the middle; menus and a toolbar for the send-key combinations, scaling,
/// fullscreen (the toolbar hides and comes back when the pointer touches the top edge), the
/// keyboard grab, screenshots, connect/disconnect and the serial console.
class ConsoleWindow : public QMainWindow
{
    Q_OBJECT
public:
    ConsoleWindow(ConnectionManager *manager, DomainListModel *model, const QString &hostId,
                  const QString &uuid, ConsolePane::SessionFactory factory = {},
                  QWidget *parent = nullptr);
    ~ConsoleWindow() override;

    QString hostId() const { return m_pane->hostId(); }
    QString uuid() const { return m_pane->uuid(); }
    ConsolePane *pane() const { return m_pane; }
    QMenu *sendKeyMenu() const { return m_sendKeys; }
    /// An action by object name: "fit", "oneToOne", "resizeGuest", "fullscreen", "grab",
    /// "screenshot", "connect", "disconnect", "serial".
    QAction *action(const QString &objectName) const;
    /// Writes the current picture as PNG; false (with *error) when there is none or it fails.
    bool saveScreenshot(const QString &path, QString *error = nullptr) const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildActions();
    void updateTitle();
    void updateActions();
    void setFullScreen(bool on);
    void checkTopEdge();
    void fitWindowToGuest();
    void askScreenshotPath();

    ConsolePane *m_pane;
    QMenu *m_sendKeys;
    QToolBar *m_toolbar = nullptr;
    QToolBar *m_overlay = nullptr; ///< the toolbar's stand-in over the picture in fullscreen
    QTimer *m_edgeTimer;
    QActionGroup *m_scaleGroup = nullptr;
    QHash<QString, QAction *> m_actions;
    Qt::WindowStates m_stateBeforeFullScreen;
    bool m_sizedToGuest = false;
};

} // namespace Virtumancer
