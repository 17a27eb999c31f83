// Friction from issue 13's walk-through: the title names the plan that is open, export starts
// from what the screen shows, gunicorn's orderly stop is not an alarm, Help lists the keys, and a
// quick load's summary can be copied and saved whole.
#include "common/settingskeys.h"
#include "mainwindow.h"
#include "results/exportdialog.h"
#include "results/resultspage.h"
#include "resultsfixture.h"
#include "models/summarymodel.h"
#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"
#include "run/logpane.h"
#include "testserver.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <gtest/gtest.h>

TEST(Friction, TheTitleNamesTheBundledPlanNotUntitled)
{
    QSettings().remove(SettingsKeys::LastPlan);
    MainWindow window;
    window.restoreSession();
    EXPECT_TRUE(window.windowTitle().contains(u"quick.json"_qs)) << qPrintable(window.windowTitle());
    EXPECT_FALSE(window.windowTitle().contains(u"Untitled"_qs)) << qPrintable(window.windowTitle());
}

TEST(Friction, ExportStartsFromThePaperSettingOnScreen)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"paper"_qs);
    writeFiveStacks(folder);
    ExportSettings remembered = ExportSettings::load();
    remembered.withPaper = true; // what an earlier export chose
    remembered.save();
    ResultsPage page;
    QSignalSpy loaded(&page, &ResultsPage::loaded);
    page.openFolder(folder);
    ASSERT_TRUE(loaded.wait(10'000));
    page.setPaperVisible(false);
    std::optional<bool> offered;
    QTimer::singleShot(0, &page, [&] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* dialog = qobject_cast<ExportDialog*>(w); dialog && dialog->isVisible()) {
                offered = dialog->settings().withPaper;
                dialog->reject();
            }
    });
    page.exportAllDialog(); // modal: returns once the dialog is rejected
    ASSERT_TRUE(offered.has_value());
    EXPECT_FALSE(*offered);
    page.setPaperVisible(true);
}
