#include "runpage.h"

#include "common/background.h"
#include "common/manifestapproval.h"
#include "common/manifestbar.h"
#include "common/settingskeys.h"
#include "common/uiutil.h"
#include "common/venvsetupdialog.h"
#include "live/livecharts.h"
#include "logpane.h"
#include "models/summarymodel.h"
#include "results/resultsfolder.h"
#include "stacks/stackmanifest.h"
#include "study/repetitions.h"
#include "verifier.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
QString stageName(StudyStage stage)
{
    switch (stage) {
    case StudyStage::Start:
        return RunPage::tr("Starting the stack");
    case StudyStage::Settle:
        return RunPage::tr("Settling");
    case StudyStage::Seed:
        return RunPage::tr("Seeding the database");
    case StudyStage::Verify:
        return RunPage::tr("Checking the API contract");
    case StudyStage::Warmup:
        return RunPage::tr("Warming up");
    case StudyStage::Idle:
        return RunPage::tr("Idle before the scenarios");
    case StudyStage::Scenario:
        return RunPage::tr("Measuring");
    case StudyStage::Gap:
        return RunPage::tr("Gap between scenarios");
    case StudyStage::Stop:
        return RunPage::tr("Stopping the stack");
    }
    return {};
}

QLabel* valueLabel(const QString& toolTip)
{
    auto* label = new QLabel(u"–"_qs);
    label->setToolTip(toolTip);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

QProgressBar* progressBar(const QString& toolTip)
{
    auto* bar = new QProgressBar;
    bar->setRange(0, 1000);
    bar->setValue(0);
    bar->setFormat(u"%p %"_qs);
    bar->setToolTip(toolTip);
    return bar;
}
} // namespace

RunPage::RunPage(QWidget* parent)
    : QWidget(parent)
    , m_runner(new StudyRunner(this))
    , m_verifier(new Verifier(this))
    , m_approval(new ManifestApproval(this))
{
    m_charts = new LiveCharts;
    m_log = new LogPane;
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_charts);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(buildStatus());
    layout->addWidget(splitter, 1);
    connectRunner();
    connectVerifier();
    // Esc stops only what this page shows; elsewhere it means Back or Cancel.
    auto* esc
        = new QShortcut(QKeySequence(Qt::Key_Escape), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(esc, &QShortcut::activated, this, &RunPage::requestStop);
    const QString interrupted = QSettings().value(SettingsKeys::InterruptedStudy).toString();
    setResumableDir(QFileInfo::exists(interrupted + u"/manifest.json"_qs) ? interrupted : QString());
    setState(State::Idle);
}

RunPage::~RunPage() = default; // ~StudyRunner and ~Verifier kill a stack that still runs

QWidget* RunPage::buildHeader()
{
    m_start = new QPushButton(icon(u"start"_qs), tr("&Start study"));
    m_start->setToolTip(tr("Run the plan from the Study tab: every stack, scenario and repetition (F5)"));
    m_stop = new QPushButton(icon(u"stop"_qs), tr("St&op"));
    m_stop->setToolTip(
        tr("Cancel: the load stops within a second and the stack is shut down; finished "
           "scenarios stay on disk, and Resume continues later (Shift+F5, or Esc on this page)"));
    m_verify = new QPushButton(icon(u"verify"_qs), tr("&Verify stacks"));
    m_verify->setToolTip(tr("Start each stack of the plan, seed it and check the API contract, without "
                            "measuring (Ctrl+Shift+V)"));
    m_resume = new QPushButton(icon(u"start"_qs), tr("&Resume"));
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &RunPage::requestStop);
    connect(m_resume, &QPushButton::clicked, this, [this] { resume(); });
    connect(m_verify, &QPushButton::clicked, this, &RunPage::verify);
    m_planLabel = new QLabel;
    m_planLabel->setToolTip(tr("The plan Start runs; change it in the Study tab"));
    m_planLabel->setWordWrap(true);
    m_manifestBar = new ManifestBar(ManifestBar::Buttons::None, m_manifestPath);
    m_manifestBar->setToolTip(
        tr("The stack manifest the plan's stacks come from; change it in the Study tab"));
    m_manifestBar->setVisible(usesManifest());
    connect(m_approval, &ManifestApproval::approved, m_manifestBar, &ManifestBar::reload);
    m_folderLabel = new QLabel;
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folderLabel->setToolTip(tr("Each study writes a new folder here"));
    auto* change = new QPushButton(tr("Change…"));
    change->setToolTip(tr("Choose where results folders are created"));
    connect(change, &QPushButton::clicked, this, &RunPage::chooseResultsRoot);
    m_error = makeErrorLabel(this);

    auto* header = new QWidget;
    auto* grid = new QGridLayout(header);
    grid->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_verify);
    buttons->addWidget(m_resume);
    grid->addLayout(buttons, 0, 0, 3, 1, Qt::AlignTop);
    grid->addWidget(m_planLabel, 0, 1, 1, 2);
    grid->addWidget(m_manifestBar, 1, 1, 1, 2);
    grid->addWidget(m_folderLabel, 2, 1);
    grid->addWidget(change, 2, 2);
    grid->addWidget(m_error, 3, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    m_folderLabel->setText(tr("Results go to %1").arg(QDir::toNativeSeparators(resultsRoot())));
    return header;
}

QWidget* RunPage::buildStatus()
{
    m_stage = valueLabel(tr("What the study is doing now"));
    m_stack = valueLabel(tr("The stack under test, and its place in the plan"));
    m_scenario = valueLabel(tr("The scenario being measured"));
    m_repetition = valueLabel(tr("The repetition of the whole run"));
    m_eta = valueLabel(tr("Time left, from the plan and the pace so far; and time elapsed"));
    m_server = valueLabel(tr("CPU (percent of one core) and resident memory of the stack's process tree"));
    m_client = valueLabel(tr("CPU used by Stackbench itself, percent of one core"));
    m_machine = valueLabel(tr("The pre-flight check before the study: CPUs, load average, busy processes, "
                              "swap and frequency governor. Findings are warnings; the results keep them."));
    m_machine->setWordWrap(true);
    m_stepBar = progressBar(tr("Progress of the current step (the scenario while measuring)"));
    m_studyBar = progressBar(tr("Progress of the whole study, by planned time"));
    m_cpuWarning = makeWarningLabel(this);
    m_stage->setObjectName(u"stage"_qs); // names for tests and accessibility tools
    m_stack->setObjectName(u"stack"_qs);
    m_eta->setObjectName(u"time"_qs);
    m_server->setObjectName(u"server"_qs);
    m_client->setObjectName(u"client"_qs);
    m_stepBar->setObjectName(u"stepBar"_qs);
    m_studyBar->setObjectName(u"studyBar"_qs);

    auto* box = new QGroupBox(tr("Status"));
    auto* grid = new QGridLayout(box);
    int row = 0;
    auto add = [&](const QString& label, QWidget* value, int column) {
        grid->addWidget(new QLabel(label), row, column * 2);
        grid->addWidget(value, row, column * 2 + 1);
    };
    add(tr("Step:"), m_stage, 0);
    add(tr("Stack:"), m_stack, 1);
    ++row;
    add(tr("Scenario:"), m_scenario, 0);
    add(tr("Repetition:"), m_repetition, 1);
    ++row;
    add(tr("Current step:"), m_stepBar, 0);
    add(tr("Study:"), m_studyBar, 1);
    ++row;
    add(tr("Time:"), m_eta, 0);
    add(tr("Server:"), m_server, 1);
    ++row;
    add(tr("Client:"), m_client, 0);
    add(tr("Machine:"), m_machine, 1);
    ++row;
    grid->addWidget(m_cpuWarning, row, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    return box;
}

void RunPage::connectRunner()
{
    connect(m_runner, &StudyRunner::progress, this, &RunPage::onProgress);
    // Every signal names its study: what an earlier, cancelled one still sends is dropped.
    connect(m_runner, &StudyRunner::snapshotAvailable, this, [this](quint64 id, const LiveSnapshot& s) {
        if (id == m_studyId)
            onSnapshot(s);
    });
    connect(
        m_runner, &StudyRunner::logLine, this, [this](quint64 id, const QString& stack, const QString& line) {
            if (id == m_studyId)
                m_log->appendLine(stack, line);
        });
    connect(m_runner, &StudyRunner::scenarioFinished, this, [this](quint64 id, const ScenarioRecord& r) {
        if (id == m_studyId)
            onScenarioFinished(r);
    });
    connect(m_runner, &StudyRunner::conformanceChecked, this,
        [this](quint64 id, const QString& stack, bool passed, const QStringList& problems) {
            if (id != m_studyId)
                return;
            m_log->appendLine(stack,
                passed ? tr("API contract: all checks passed")
                       : tr("API contract: %n check(s) failed", nullptr, int(problems.size())));
            for (const QString& p : problems)
                m_log->appendLine(stack, u"  "_qs + p);
        });
    connect(m_runner, &StudyRunner::preflightChecked, this, [this](quint64 id, const Preflight& pre) {
        if (id != m_studyId)
            return;
        const QStringList lines = pre.lines();
        m_machine->setText(pre.warnings.isEmpty() ? tr("✓ %1").arg(lines.first())
                                                  : tr("⚠ %1").arg(pre.warnings.join(u"; "_qs)));
        m_machine->setToolTip(lines.join(u'\n'));
        for (const QString& line : lines)
            m_log->appendLine({}, tr("Pre-flight: %1").arg(line));
    });
    connect(m_runner, &StudyRunner::convergenceChecked, this,
        [this](quint64 id, int reps, const QStringList& unconverged, bool goingOn) {
            if (id != m_studyId)
                return;
            m_log->appendLine({}, describeConvergence(reps, unconverged, goingOn));
            for (const QString& bar : unconverged)
                m_log->appendLine({}, u"  "_qs + bar);
        });
    connect(m_runner, &StudyRunner::finished, this, &RunPage::onFinished);
    connect(m_runner, &StudyRunner::failed, this, &RunPage::onFailed);
}

void RunPage::connectVerifier()
{
    connect(m_verifier, &Verifier::logLine, m_log, &LogPane::appendLine);
    connect(m_verifier, &Verifier::stackStarted, this, [this](const QString& stack, int index, int count) {
        m_stage->setText(tr("Verifying"));
        m_stack->setText(tr("%1  (%2 of %3)").arg(stack).arg(index + 1).arg(count));
        // A verification is not a study: its progress is the step's, and the study bar stays blank.
        m_stepBar->setValue(count ? 1000 * index / count : 0);
        m_stepBar->setFormat(tr("Verifying  %p %"));
        m_studyBar->setFormat(tr("no study running"));
    });
    connect(m_verifier, &Verifier::stackVerified, this,
        [this](const QString& stack, bool passed, const QStringList&) {
            m_log->appendLine(stack, passed ? tr("✓ passed") : tr("✗ failed"));
        });
    connect(m_verifier, &Verifier::finished, this, [this](int passed, int failed, bool cancelled) {
        const QString text = cancelled
            ? tr("Verification cancelled")
            : tr("Verification done: %1 passed, %2 failed").arg(passed).arg(failed);
        m_log->appendLine({}, text);
        m_stage->setText(text);
        m_stack->setText(u"–"_qs);
        if (!cancelled)
            m_stepBar->setValue(1000);
        m_stepBar->setFormat(cancelled ? tr("Cancelled") : tr("Done"));
        setFieldError(nullptr, m_error, failed > 0 ? text : QString());
        setState(State::Idle);
        Q_EMIT statusMessage(text);
    });
}

void RunPage::setPlan(const Plan& plan, const QString& name, const JsonProblems& problems)
{
    assertGuiThread(this);
    m_plan = plan;
    m_planName = name;
    m_problems = problems;
    updatePlanLabel();
    setState(m_state);
}

void RunPage::setManifestPath(const QString& path)
{
    assertGuiThread(this);
    m_manifestPath = path;
    m_manifestBar->setManifestPath(path);
    updatePlanLabel();
}

void RunPage::updatePlanLabel()
{
    QString text
        = tr("Plan <b>%1</b> (%2) — %3 stack(s) × %4 scenario(s) × %5 repetition(s)")
              .arg(m_plan.name.toHtmlEscaped(), m_planName.toHtmlEscaped())
              .arg(expandedStackCount(m_plan)) // a sweep's cells are what runs
              .arg(expandedScenarioCount(m_plan))
              .arg(m_plan.procedure.adaptive
                      ? tr("%1–%2").arg(m_plan.procedure.adaptive->min).arg(m_plan.procedure.repetitions)
                      : QString::number(m_plan.procedure.repetitions));
    m_manifestBar->setVisible(usesManifest());
    if (!m_problems.isEmpty())
        text += u"<br>"_qs
            + tr("⚠ The plan has %n problem(s); fix them in the Study tab.", nullptr, int(m_problems.size()));
    m_planLabel->setText(text);
}

bool RunPage::usesManifest() const
{
    return std::any_of(
        m_plan.stacks.cbegin(), m_plan.stacks.cend(), [](const PlanStack& s) { return !s.isExternal(); });
}

void RunPage::whenManifestApproved(const QString& approveText, std::function<void(const QString&)> launch)
{
    if (!usesManifest()) {
        launch({});
        return;
    }
    m_approval->request(m_manifestPath, approveText,
        [this, launch = std::move(launch)](ManifestApproval::Outcome outcome, const QString& message) {
            if (ManifestApproval::allows(outcome)) {
                whenVenvReady([launch, message] { launch(message); });
                return;
            }
            const QString text = tr("Nothing was started: %1").arg(message);
            setFieldError(nullptr, m_error, text);
            m_log->appendLine({}, text);
            Q_EMIT statusMessage(text);
        });
}

void RunPage::whenVenvReady(std::function<void()> launch)
{
    // An installed Stackbench has no venv until it is first needed: offer to create it. Only when
    // the plan's stacks (or the seed step) run from it: a manifest of its own may need none.
    const QString venv = StackManifest::defaultVenv();
    const auto manifest = StackManifest::load(m_manifestPath, nullptr);
    bool needsVenv = false;
    if (manifest) {
        const auto usesVenv = [](const QStringList& args) {
            return std::any_of(
                args.cbegin(), args.cend(), [](const QString& a) { return a.contains(u"{venv}"_qs); });
        };
        needsVenv = usesVenv(manifest->seedCommand);
        for (const PlanStack& s : m_plan.stacks)
            if (const StackDefinition* def = s.isExternal() ? nullptr : manifest->find(s.stack))
                needsVenv = needsVenv || usesVenv(def->command) || usesVenv(def->env.values());
    }
    if (!needsVenv || VenvSetupDialog::venvExists(venv)) {
        launch();
        return;
    }
    const auto answer = QMessageBox::question(this, tr("Set up the stacks"),
        tr("The stacks run in a Python environment that is not set up yet (%1). Create it now from the "
           "pinned "
           "requirements? It needs Python 3.11 or newer and downloads the frameworks once.")
            .arg(QDir::toNativeSeparators(venv)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        const QString text
            = tr("Nothing was started: the stacks' Python environment is not set up (stackbench setup)");
        setFieldError(nullptr, m_error, text);
        m_log->appendLine({}, text);
        return;
    }
    auto* dialog = new VenvSetupDialog(venv, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [launch] { launch(); });
    connect(dialog, &QDialog::rejected, this, [this, dialog] {
        const QString text = tr("Nothing was started: %1")
                                 .arg(dialog->error().isEmpty() ? tr("cancelled") : dialog->error());
        setFieldError(nullptr, m_error, text);
        m_log->appendLine({}, text);
    });
    dialog->open();
}

QString RunPage::resultsRoot() const
{
    const QString fallback
        = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u"/Stackbench results"_qs;
    return QSettings().value(SettingsKeys::ResultsRoot, fallback).toString();
}

void RunPage::setResultsRoot(const QString& dir)
{
    QSettings().setValue(SettingsKeys::ResultsRoot, dir);
    m_folderLabel->setText(tr("Results go to %1").arg(QDir::toNativeSeparators(dir)));
}

void RunPage::chooseResultsRoot()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Where results go"), resultsRoot());
    if (!dir.isEmpty())
        setResultsRoot(dir);
}

QString RunPage::newResultsDir() const
{
    QString name = m_plan.name.isEmpty() ? u"study"_qs : m_plan.name;
    name.replace(QRegularExpression(u"[^A-Za-z0-9_.-]+"_qs), u"-"_qs);
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_qs);
    QString dir = QDir(resultsRoot()).filePath(name + u'-' + stamp);
    for (int n = 2; QFileInfo::exists(dir); ++n)
        dir = QDir(resultsRoot()).filePath(name + u'-' + stamp + u'-' + QString::number(n));
    return dir;
}

void RunPage::start(const QString& resultsDir)
{
    assertGuiThread(this);
    if (isBusy() || m_approval->isAsking())
        return;
    if (!m_problems.isEmpty()) {
        setFieldError(nullptr, m_error, tr("The plan cannot run: %1").arg(m_problems.first().toString()));
        return;
    }
    whenManifestApproved(tr("&Approve and Run"),
        [this, resultsDir](const QString& note) { startNow(m_plan, resultsDir, false, note); });
}

void RunPage::resume(const QString& dir)
{
    assertGuiThread(this);
    const QString folder = dir.isEmpty() ? m_resumableDir : dir;
    if (folder.isEmpty() || isBusy() || m_approval->isAsking())
        return;
    // The folder's own plan, not the Study page's: only the plan it was made with can continue it.
    runInBackground(
        this, [folder] { return loadResults(folder); },
        [this, folder](const ResultsFolder& loaded) {
            if (!loaded.manifest) {
                const QString why = loaded.problems.isEmpty() ? tr("no readable manifest.json")
                                                              : loaded.problems.first().toString();
                setFieldError(
                    nullptr, m_error, tr("Cannot resume %1: %2").arg(QDir::toNativeSeparators(folder), why));
                return;
            }
            const Plan plan = loaded.manifest->plan;
            whenManifestApproved(tr("&Approve and Resume"),
                [this, plan, folder](const QString& note) { startNow(plan, folder, true, note); });
        });
}

void RunPage::resumeDialog()
{
    const QString start = m_resumableDir.isEmpty() ? resultsRoot() : m_resumableDir;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Resume the study in"), start);
    if (!dir.isEmpty())
        resume(dir);
}

void RunPage::startNow(const Plan& plan, const QString& resultsDir, bool resume, const QString& note)
{
    if (isBusy())
        return;
    resetStatus();
    if (!note.isEmpty())
        m_log->appendLine({}, note);
    m_resultsDir = resultsDir.isEmpty() ? newResultsDir() : resultsDir;
    StudyRunner::Options options;
    options.resultsDir = m_resultsDir;
    options.manifestPath = m_manifestPath;
    options.resume = resume;
    m_studyId = m_runner->start(plan, options);
    QSettings().setValue(SettingsKeys::InterruptedStudy, m_resultsDir); // until it finishes
    const QString folder = QDir::toNativeSeparators(m_resultsDir);
    m_log->appendLine({},
        resume ? tr("Study \"%1\" resumed in %2; finished scenarios are kept").arg(plan.name, folder)
               : tr("Study \"%1\" started; results go to %2").arg(plan.name, folder));
    setState(State::Running);
    Q_EMIT statusMessage(resume ? tr("Study resumed …") : tr("Study running …"));
}

void RunPage::setResumableDir(const QString& dir)
{
    m_resumableDir = dir;
    if (dir.isEmpty())
        QSettings().remove(SettingsKeys::InterruptedStudy);
    else
        QSettings().setValue(SettingsKeys::InterruptedStudy, dir);
    m_resume->setToolTip(dir.isEmpty()
            ? tr("Continue an interrupted study: none is known (Run ▸ Resume study… picks a folder)")
            : tr("Continue the interrupted study in %1: finished scenarios are kept, the rest run")
                  .arg(QDir::toNativeSeparators(dir)));
    setState(m_state);
}

void RunPage::verify()
{
    assertGuiThread(this);
    if (isBusy() || m_approval->isAsking())
        return;
    if (!m_problems.isEmpty()) {
        setFieldError(nullptr, m_error, tr("The plan cannot run: %1").arg(m_problems.first().toString()));
        return;
    }
    whenManifestApproved(tr("&Approve and Verify"), [this](const QString& note) { verifyNow(note); });
}

void RunPage::verifyNow(const QString& note)
{
    if (isBusy())
        return;
    resetStatus();
    if (!note.isEmpty())
        m_log->appendLine({}, note);
    m_log->appendLine({}, tr("Verifying %n stack(s) …", nullptr, int(m_plan.stacks.size())));
    m_verifier->start(m_plan, m_manifestPath);
    setState(State::Verifying);
}

void RunPage::requestStop()
{
    assertGuiThread(this);
    if (m_state == State::Verifying) {
        stop(); // nothing is lost
        return;
    }
    if (m_state != State::Running || m_stopQuestion)
        return;
    m_stopQuestion = new QMessageBox(QMessageBox::Question, tr("Stop the study?"),
        tr("Stop the study now? The scenario being measured is lost; finished scenarios stay on disk, and "
           "Resume continues from there."),
        QMessageBox::Yes | QMessageBox::No, this);
    m_stopQuestion->button(QMessageBox::Yes)->setText(tr("Stop study"));
    m_stopQuestion->button(QMessageBox::No)->setText(tr("Keep running"));
    m_stopQuestion->setDefaultButton(QMessageBox::No);
    m_stopQuestion->setEscapeButton(QMessageBox::No);
    m_stopQuestion->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_stopQuestion, &QMessageBox::finished, this, [this](int result) {
        m_stopQuestion = nullptr;
        if (result == QMessageBox::Yes)
            stop();
    });
    m_stopQuestion->open();
}

void RunPage::stop()
{
    assertGuiThread(this);
    if (m_state == State::Running) {
        m_runner->cancel();
        m_log->appendLine({}, tr("Cancelling: stopping the load and the stack …"));
        m_eta->setText(tr("stopping · %1 elapsed").arg(formatEta(m_elapsedS)));
        clearLoadFigures();
        setState(State::Stopping);
    } else if (m_state == State::Verifying) {
        m_verifier->cancel();
        setState(State::Stopping);
    }
}

void RunPage::resetStatus()
{
    setFieldError(nullptr, m_error, {});
    m_charts->clear();
    m_log->clear();
    for (QLabel* l : { m_stage, m_stack, m_scenario, m_repetition, m_eta, m_server, m_client, m_machine })
        l->setText(u"–"_qs);
    m_stepBar->setValue(0);
    m_stepBar->setFormat(u"%p %"_qs);
    m_studyBar->setValue(0);
    m_studyBar->setFormat(u"%p %"_qs);
    m_elapsedS = 0;
    m_cpuWarning->clear();
    m_cpuWatch.reset();
    m_cpuWarning->hide();
}

void RunPage::onProgress(const StudyProgress& p)
{
    if (p.studyId != m_studyId)
        return;
    if (m_state == State::Stopping) {
        // The runner skips what is left, which its progress counts as done: no jump to a false share.
        m_stage->setText(tr("Stopping: %1").arg(stageName(p.stage)));
        return;
    }
    if (p.stage == StudyStage::Scenario || p.stage == StudyStage::Warmup)
        m_charts->setSegmentLabel(
            p.stack + u" · "_qs + (p.stage == StudyStage::Warmup ? tr("warm-up") : p.scenarioId));
    else
        clearLoadFigures(); // sampled only under load: between loads they would be stale
    m_stage->setText(stageName(p.stage));
    m_stack->setText(tr("%1  (%2 of %3)").arg(p.stack).arg(p.stackIndex + 1).arg(p.stackCount));
    m_scenario->setText(p.scenarioId.isEmpty() ? u"–"_qs : p.scenarioTitle);
    m_repetition->setText(p.maxRepetitions > p.repetitions
            ? tr("%1 of %2 (up to %3, until the intervals are narrow)")
                  .arg(p.repetition)
                  .arg(p.repetitions)
                  .arg(p.maxRepetitions)
            : tr("%1 of %2").arg(p.repetition).arg(p.repetitions));
    m_stepBar->setValue(int(p.stageProgress * 1000));
    m_stepBar->setFormat(stageName(p.stage) + u"  %p %"_qs);
    m_studyBar->setValue(int(p.overall * 1000));
    m_elapsedS = p.elapsedS;
    m_eta->setText(tr("%1 left · %2 elapsed").arg(formatEta(p.etaS), formatEta(p.elapsedS)));
}

void RunPage::clearLoadFigures()
{
    m_server->setText(u"–"_qs);
    m_client->setText(u"–"_qs);
}

void RunPage::onSnapshot(const LiveSnapshot& s)
{
    if (m_state != State::Running && m_state != State::Stopping)
        return;
    m_charts->addSnapshot(s);
    if (m_state == State::Stopping)
        return; // the stack is going down: its figures no longer describe a load
    m_server->setText(s.serverCpuPercent < 0
            ? tr("not sampled (external target)")
            : tr("CPU %1 % · RSS %2 MB")
                  .arg(formatNumber(s.serverCpuPercent), formatNumber(s.serverRssMb, 1)));
    m_client->setText(tr("CPU %1 % of a core · %2 req/s · %3 errors")
                          .arg(formatNumber(s.clientCpuPercent), formatNumber(s.intervalRps),
                              formatNumber(double(s.totalErrors))));
    if (m_cpuWatch.add(s.clientCpuPercent))
        showClientCpu(s.clientCpuPercent);
}

void RunPage::showClientCpu(double percent)
{
    m_cpuWarning->setText(tr("⚠ Client CPU at %1 % of a core: the measurement may be client-bound "
                             "(Stackbench itself may be the bottleneck, not the server).")
                              .arg(formatNumber(percent)));
    m_cpuWarning->show();
}

void RunPage::onScenarioFinished(const ScenarioRecord& r)
{
    if (!r.ok()) {
        m_log->appendLine(
            r.stack, tr("✗ %1 (rep %2) failed: %3").arg(r.scenarioId).arg(r.repetition).arg(r.reason));
        return;
    }
    m_log->appendLine(r.stack,
        tr("✓ %1 (rep %2): %3 req/s, mean %4, p99 %5, %6 errors%7")
            .arg(r.scenarioId)
            .arg(r.repetition)
            .arg(formatNumber(r.summary.rps, 1), formatMs(r.summary.latency.mean),
                formatMs(r.summary.latency.p99), formatNumber(double(r.summary.errors.total())),
                r.client.clientBound ? tr(" · ⚠ client-bound") : QString()));
    if (const QString split = r.diagnostics.split(); !split.isEmpty())
        m_log->appendLine(r.stack, tr("    workers: %1").arg(split));
    if (const QStringList flags = r.diagnostics.flags; !flags.isEmpty())
        m_log->appendLine(
            r.stack, tr("    ⚠ %1: %2").arg(flags.join(u", "_qs), r.diagnostics.causes().join(u"; "_qs)));
}

void RunPage::onFinished(quint64 id, const QString& dir, bool cancelled)
{
    if (id != m_studyId)
        return;
    m_resultsDir = dir;
    if (m_stopQuestion)
        m_stopQuestion->done(QMessageBox::No); // nothing left to stop
    setResumableDir(cancelled && QFileInfo::exists(dir + u"/manifest.json"_qs) ? dir : QString());
    if (!cancelled) {
        m_studyBar->setValue(1000);
        m_stepBar->setValue(1000);
    }
    m_stepBar->setFormat(cancelled ? tr("Cancelled") : tr("Done"));
    m_eta->setText(tr("%1 elapsed").arg(formatEta(m_elapsedS)));
    m_stage->setText(cancelled ? tr("Cancelled") : tr("Finished"));
    clearLoadFigures();
    m_log->appendLine({},
        cancelled ? tr("Study cancelled; finished scenarios are in %1").arg(QDir::toNativeSeparators(dir))
                  : tr("Study finished; results are in %1").arg(QDir::toNativeSeparators(dir)));
    setState(State::Idle);
    Q_EMIT statusMessage(cancelled ? tr("Study cancelled") : tr("Study finished"));
    Q_EMIT studyFinished(dir, cancelled);
}

void RunPage::onFailed(quint64 id, const QString& reason)
{
    if (id != m_studyId)
        return;
    setFieldError(nullptr, m_error, tr("The study failed: %1").arg(reason));
    m_log->appendLine({}, tr("Failed: %1").arg(reason));
    Q_EMIT statusMessage(tr("The study failed: %1").arg(reason));
    if (!m_runner->isRunning()) { // failed before it began; otherwise finished() follows
        const bool written = QFileInfo::exists(m_resultsDir + u"/manifest.json"_qs);
        setResumableDir(written ? m_resultsDir : m_resumableDir);
        setState(State::Idle);
    }
}

QString RunPage::clientWarningText() const
{
    return m_cpuWarning->text();
}

void RunPage::setState(State state)
{
    const bool wasBusy = isBusy();
    m_state = state;
    const bool runnable = m_problems.isEmpty() && !m_plan.stacks.isEmpty();
    m_start->setEnabled(state == State::Idle && runnable);
    m_verify->setEnabled(state == State::Idle && runnable);
    m_stop->setEnabled(state == State::Running || state == State::Verifying);
    m_resume->setVisible(!m_resumableDir.isEmpty());
    m_resume->setEnabled(state == State::Idle && !m_resumableDir.isEmpty());
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}
