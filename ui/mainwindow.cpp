#include "mainwindow.h"

#include "common/manifestapproval.h"
#include "common/recentfiles.h"
#include "common/settingskeys.h"
#include "common/uiutil.h"
#include "models/planmodel.h"
#include "quickload/quickloadpage.h"
#include "results/resultspage.h"
#include "run/runpage.h"
#include "study/studypage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

using namespace UiUtil;

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_study(new StudyPage)
    , m_run(new RunPage)
    , m_results(new ResultsPage)
    , m_quick(new QuickLoadPage)
    , m_closeTimeout(new QTimer(this))
{
    setWindowIcon(icon(u"app"_qs));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_study, icon(u"study"_qs), tr("Study"));
    m_tabs->addTab(m_run, icon(u"run"_qs), tr("Run"));
    m_tabs->addTab(m_results, icon(u"results"_qs), tr("Results"));
    m_tabs->addTab(m_quick, icon(u"quickload"_qs), tr("Quick load"));
    m_tabs->setTabToolTip(StudyTab, tr("Edit the plan: stacks, scenarios and procedure (Ctrl+1)"));
    m_tabs->setTabToolTip(RunTab, tr("Run the study and watch it live (Ctrl+2)"));
    m_tabs->setTabToolTip(ResultsTab, tr("The seven figures and the numbers of a results folder (Ctrl+3)"));
    m_tabs->setTabToolTip(QuickLoadTab, tr("Load one endpoint ad hoc, like `stackbench load` (Ctrl+4)"));
    setCentralWidget(m_tabs);
    createActions();
    createMenus();
    createToolBar();
    createStatusBar();
    connectPages();
    m_closeTimeout->setSingleShot(true);
    m_closeTimeout->setInterval(30'000);
    connect(m_closeTimeout, &QTimer::timeout, this, [this] {
        // The pages did not report idle in time; their destructors kill what is left.
        m_closeApproved = true;
        close();
    });
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow() = default;

QAction* MainWindow::addAction(const QString& name, const QString& text, const QString& tip,
    const QString& iconName, const QList<QKeySequence>& keys)
{
    QAction* a = makeAction(this, text, tip, iconName);
    a->setObjectName(name);
    if (!keys.isEmpty())
        a->setShortcuts(keys);
    appendShortcutToToolTip(a);
    QMainWindow::addAction(a); // shortcuts work whichever page has focus
    return a;
}

void MainWindow::createActions()
{
    connect(addAction(u"new-plan"_qs, tr("&New plan"), tr("Start a new plan"), {}, { QKeySequence::New }),
        &QAction::triggered, m_study, &StudyPage::newPlan);
    connect(addAction(u"open-plan"_qs, tr("&Open plan…"), tr("Open a plan file"), {}, { QKeySequence::Open }),
        &QAction::triggered, m_study, &StudyPage::openDialog);
    connect(addAction(u"save-plan"_qs, tr("&Save plan"), tr("Save the plan"), {}, { QKeySequence::Save }),
        &QAction::triggered, m_study, &StudyPage::save);
    connect(addAction(u"save-plan-as"_qs, tr("Save plan &as…"), tr("Save the plan under a new name"), {},
                { QKeySequence::SaveAs }),
        &QAction::triggered, m_study, &StudyPage::saveAs);
    connect(
        addAction(u"open-manifest"_qs, tr("Open stack &manifest…"),
            tr("Choose the stack manifest the plan's stacks are started from; one from elsewhere asks for "
               "approval before anything runs"),
            {}, { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M) }),
        &QAction::triggered, m_study, &StudyPage::chooseManifestDialog);
    connect(addAction(u"bundled-manifest"_qs, tr("Use &bundled stack manifest"),
                tr("Go back to the stack manifest bundled with Stackbench"), {}),
        &QAction::triggered, m_study, &StudyPage::useBundledManifest);
    connect(addAction(u"open-results"_qs, tr("Open &results…"), tr("Open a results folder"),
                u"open-results"_qs, { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O) }),
        &QAction::triggered, this, [this] {
            showPage(ResultsTab);
            m_results->openFolderDialog();
        });
    connect(
        addAction(u"export-figures"_qs, tr("&Export figures…"), tr("Export the seven figures as PNG or SVG"),
            u"export"_qs, { QKeySequence(Qt::CTRL | Qt::Key_E) }),
        &QAction::triggered, this, [this] {
            showPage(ResultsTab);
            m_results->exportAllDialog();
        });
    connect(addAction(
                u"export-csv"_qs, tr("Export &CSV…"), tr("Export the raw numbers of the results as CSV"), {}),
        &QAction::triggered, m_results, &ResultsPage::exportCsvDialog);
    connect(addAction(u"export-report"_qs, tr("Export &report…"),
                tr("Write the results as one self-contained HTML file, to read and print without Stackbench"),
                {}, { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E) }),
        &QAction::triggered, this, [this] {
            showPage(ResultsTab);
            m_results->exportReportDialog();
        });
    connect(addAction(u"quit"_qs, tr("&Quit"), tr("Close Stackbench"), {}, { QKeySequence::Quit }),
        &QAction::triggered, this, &QWidget::close);
    connect(addAction(u"start"_qs, tr("&Start"), tr("Start the study, or the quick load on its page"),
                u"start"_qs, { QKeySequence(Qt::Key_F5) }),
        &QAction::triggered, this, &MainWindow::start);
    connect(addAction(u"stop"_qs, tr("S&top"), tr("Stop what is running"), u"stop"_qs,
                { QKeySequence(Qt::SHIFT | Qt::Key_F5) }),
        &QAction::triggered, this, &MainWindow::stop);
    connect(addAction(u"resume"_qs, tr("&Resume study…"),
                tr("Continue an interrupted study in its results folder; finished scenarios are kept"), {}),
        &QAction::triggered, this, [this] {
            showPage(RunTab);
            m_run->resumeDialog();
        });
    connect(addAction(u"verify"_qs, tr("&Verify stacks"), tr("Start, seed and check every stack of the plan"),
                u"verify"_qs, { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V) }),
        &QAction::triggered, this, &MainWindow::verify);
    QAction* paper = addAction(u"paper"_qs, tr("&Paper reference"),
        tr("Show the paper's values on the figures"), {}, { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P) });
    paper->setCheckable(true);
    paper->setChecked(m_results->paperVisible());
    connect(paper, &QAction::toggled, m_results, &ResultsPage::setPaperVisible);
    connect(m_results, &ResultsPage::paperVisibleChanged, paper, &QAction::setChecked);
    const QStringList pages { tr("&Study"), tr("&Run"), tr("R&esults"), tr("&Quick load") };
    for (int i = 0; i < pages.size(); ++i) {
        connect(
            addAction(u"page-%1"_qs.arg(i + 1), pages.at(i), tr("Show the %1 page").arg(m_tabs->tabText(i)),
                {}, { QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)) }),
            &QAction::triggered, this, [this, i] { showPage(Page(i)); });
    }
    connect(addAction(u"shortcuts"_qs, tr("&Keyboard shortcuts"),
                tr("Every keyboard shortcut of the workbench"), {}, { QKeySequence::HelpContents }),
        &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(addAction(u"about"_qs, tr("&About Stackbench"), tr("Version and purpose"), {}),
        &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(u"new-plan"_qs));
    file->addAction(action(u"open-plan"_qs));
    QMenu* recentPlans = file->addMenu(tr("Open recent &plan"));
    recentPlans->setToolTipsVisible(true);
    m_study->recentPlans()->attach(recentPlans);
    file->addAction(action(u"save-plan"_qs));
    file->addAction(action(u"save-plan-as"_qs));
    file->addSeparator();
    file->addAction(action(u"open-manifest"_qs));
    file->addAction(action(u"bundled-manifest"_qs));
    file->addSeparator();
    file->addAction(action(u"open-results"_qs));
    QMenu* recentResults = file->addMenu(tr("Open recent res&ults"));
    recentResults->setToolTipsVisible(true);
    m_results->recentFolders()->attach(recentResults);
    file->addAction(action(u"export-figures"_qs));
    file->addAction(action(u"export-csv"_qs));
    file->addSeparator();
    file->addAction(action(u"quit"_qs));
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(action(u"start"_qs));
    run->addAction(action(u"stop"_qs));
    run->addAction(action(u"resume"_qs));
    run->addAction(action(u"verify"_qs));
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 1; i <= 4; ++i)
        view->addAction(action(u"page-%1"_qs.arg(i)));
    view->addSeparator();
    view->addAction(action(u"paper"_qs));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(u"shortcuts"_qs));
    help->addAction(action(u"about"_qs));
    for (QMenu* m : { file, run, view, help })
        m->setToolTipsVisible(true);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_qs);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    for (const QString& name : { u"start"_qs, u"stop"_qs, u"verify"_qs })
        bar->addAction(action(name));
    bar->addSeparator();
    bar->addAction(action(u"open-results"_qs));
    bar->addAction(action(u"export-figures"_qs));
}

void MainWindow::createStatusBar()
{
    m_state = new QLabel;
    m_state->setToolTip(tr("What is running"));
    statusBar()->addPermanentWidget(m_state);
}

void MainWindow::connectPages()
{
    connect(m_study, &StudyPage::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_run, &RunPage::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_results, &ResultsPage::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_quick, &QuickLoadPage::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_study, &StudyPage::documentChanged, this, [this] {
        updateTitle();
        syncPlan();
    });
    connect(m_study->planModel(), &PlanModel::planEdited, this, &MainWindow::syncPlan);
    connect(m_study->planModel(), &QAbstractItemModel::modelReset, this, &MainWindow::syncPlan);
    connect(m_run, &RunPage::busyChanged, this, &MainWindow::updateActions);
    connect(m_quick, &QuickLoadPage::busyChanged, this, &MainWindow::updateActions);
    connect(m_run, &RunPage::studyFinished, this, &MainWindow::onStudyFinished);
    m_run->setManifestPath(m_study->manifestPath());
    connect(m_study, &StudyPage::manifestChanged, m_run, &RunPage::setManifestPath);
    connect(m_study, &StudyPage::manifestChanged, this, &MainWindow::updateActions);
    // Approved in the Run page's prompt: the Study page's trust badge follows.
    connect(m_run->manifestApproval(), &ManifestApproval::approved, m_study, &StudyPage::reloadManifest);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
}

void MainWindow::showStatusMessage(const QString& message)
{
    statusBar()->showMessage(message, 8000);
}

void MainWindow::restoreSession()
{
    QSettings s;
    if (!restoreGeometry(s.value(SettingsKeys::WindowGeometry).toByteArray())) {
        const QSize screen = this->screen() ? this->screen()->availableSize() : QSize(1600, 1000);
        resize(std::min(1600, screen.width() * 95 / 100), std::min(1000, screen.height() * 95 / 100));
    }
    restoreState(s.value(SettingsKeys::WindowState).toByteArray());
    m_study->loadInitialPlan();
    const QString results = s.value(SettingsKeys::LastResults).toString();
    if (!results.isEmpty() && QFileInfo(results).isDir())
        m_results->openFolder(results);
    showPage(Page(std::clamp(s.value(SettingsKeys::CurrentPage, 0).toInt(), 0, 3)));
}

bool MainWindow::openPath(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        m_results->openFolder(info.absoluteFilePath());
        showPage(ResultsTab);
        return true;
    }
    if (info.isFile() && m_study->openPlan(info.absoluteFilePath())) {
        showPage(StudyTab);
        return true;
    }
    return false;
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(SettingsKeys::WindowGeometry, saveGeometry());
    s.setValue(SettingsKeys::WindowState, saveState());
    s.setValue(SettingsKeys::CurrentPage, m_tabs->currentIndex());
}

void MainWindow::showPage(Page page)
{
    m_tabs->setCurrentIndex(page);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_tabs->currentIndex());
}

QAction* MainWindow::action(const QString& name) const
{
    return findChild<QAction*>(name, Qt::FindDirectChildrenOnly);
}

bool MainWindow::isBusy() const
{
    return m_run->isBusy() || m_quick->isBusy();
}

void MainWindow::start()
{
    if (currentPage() == QuickLoadTab) {
        m_quick->start();
        return;
    }
    syncPlan();
    if (!m_study->isValid()) {
        showPage(StudyTab);
        showStatusMessage(tr("The plan has problems; fix them before running it"));
        return;
    }
    showPage(RunTab);
    m_run->start();
}

void MainWindow::stop()
{
    // Only what the user sees stops without a question: a study elsewhere asks first.
    if (m_quick->isBusy() && (currentPage() == QuickLoadTab || !m_run->isBusy()))
        m_quick->stop();
    else
        m_run->requestStop();
}

void MainWindow::verify()
{
    syncPlan();
    showPage(RunTab);
    m_run->verify();
}

void MainWindow::syncPlan()
{
    m_run->setPlan(m_study->plan(), m_study->documentName(), m_study->problems());
}

void MainWindow::onStudyFinished(const QString& dir, bool cancelled)
{
    if (cancelled || m_closing)
        return;
    m_results->openFolder(dir);
    showPage(ResultsTab);
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Stackbench").arg(m_study->documentName()));
    setWindowModified(m_study->isModified());
}

void MainWindow::updateActions()
{
    const bool busy = isBusy();
    action(u"stop"_qs)->setEnabled(busy);
    action(u"start"_qs)->setEnabled(!busy);
    action(u"verify"_qs)->setEnabled(!busy);
    action(u"resume"_qs)->setEnabled(!m_run->isBusy());
    for (const QString& name : { u"new-plan"_qs, u"open-plan"_qs, u"open-manifest"_qs })
        action(name)->setEnabled(!m_run->isBusy());
    action(u"bundled-manifest"_qs)->setEnabled(!m_run->isBusy() && !m_study->manifestPath().isEmpty());
    if (m_run->isBusy())
        m_state->setText(tr("Study running"));
    else if (m_quick->isBusy())
        m_state->setText(tr("Quick load running"));
    else
        m_state->setText(tr("Idle"));
    if (m_closing && !busy)
        closeWhenIdle();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_closeApproved) {
        saveSettings();
        event->accept();
        return;
    }
    event->ignore();
    if (m_closing || m_closeQuestion)
        return; // already asked, or already stopping
    if (isBusy()) {
        askToCloseWhileBusy();
        return;
    }
    if (!m_study->maybeSave())
        return;
    m_closeApproved = true;
    saveSettings();
    event->accept();
}

void MainWindow::askToCloseWhileBusy()
{
    m_closeQuestion = new QMessageBox(QMessageBox::Question, tr("Stop and quit?"),
        m_run->isBusy() ? tr(
            "A study is running. Stop it, shut its stack down and quit? Finished scenarios stay on disk.")
                        : tr("A quick load is running. Stop it and quit?"),
        QMessageBox::Yes | QMessageBox::No, this);
    m_closeQuestion->button(QMessageBox::Yes)->setText(tr("Stop and quit"));
    m_closeQuestion->button(QMessageBox::No)->setText(tr("Keep running"));
    m_closeQuestion->setDefaultButton(QMessageBox::No);
    m_closeQuestion->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_closeQuestion, &QMessageBox::finished, this, [this](int result) {
        m_closeQuestion = nullptr;
        if (result != QMessageBox::Yes || !m_study->maybeSave())
            return;
        m_closing = true;
        showStatusMessage(tr("Stopping before quitting …"));
        m_closeTimeout->start();
        m_quick->stop(); // already confirmed: no second question
        m_run->stop();
        if (!isBusy())
            closeWhenIdle();
    });
    m_closeQuestion->open();
}

void MainWindow::closeWhenIdle()
{
    m_closeTimeout->stop();
    m_closeApproved = true;
    // Deferred: the page that just went idle is still inside its signal emission.
    QTimer::singleShot(0, this, &QWidget::close);
}

QString MainWindow::shortcutsText() const
{
    // Built from the actions themselves, so the list cannot drift from what the keys do. The
    // lambda returns a QString: a QStringBuilder would outlive the temporaries it points to.
    const auto row = [](const QString& keys, const QString& what) -> QString {
        return u"<tr><td style=\"padding-right:16px\"><b>"_qs + keys.toHtmlEscaped() + u"</b></td><td>"_qs
            + what.toHtmlEscaped() + u"</td></tr>"_qs;
    };
    QString rows;
    for (QAction* a : findChildren<QAction*>(QString(), Qt::FindDirectChildrenOnly)) {
        if (a->objectName().isEmpty() || a->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence& key : a->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        rows += row(keys.join(u", "_qs), a->text().remove(u'&').remove(u'…'));
    }
    rows += row(QKeySequence(Qt::Key_Escape).toString(QKeySequence::NativeText),
        tr("Stop, only on the Run and Quick load pages (a study asks first); Back from an enlarged figure; "
           "Cancel in dialogs"));
    return u"<table>"_qs + rows + u"</table>"_qs;
}

void MainWindow::showShortcuts()
{
    auto* box = new QMessageBox(
        QMessageBox::NoIcon, tr("Keyboard shortcuts"), shortcutsText(), QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Stackbench"),
        tr("<h3>Stackbench %1</h3><p>A workbench for benchmarking HTTP APIs. Its first study reproduces "
           "<i>Benchmarking the performance of Python web frameworks</i> (Bednarz and Miłosz, 2025): five "
           "Python stacks, seven scenarios, seven figures.</p>")
            .arg(QStringLiteral(STACKBENCH_VERSION)));
}
