#include "quickloadpage.h"

#include "common/uiutil.h"
#include "engine/probe.h"
#include "live/livecharts.h"
#include "models/summarymodel.h"
#include "quickloadform.h"

#include <QApplication>
#include <QClipboard>
#include <QCoroTask>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

using namespace UiUtil;
using namespace std::chrono_literals;

QuickLoadPage::QuickLoadPage(QWidget* parent)
    : QWidget(parent)
    , m_form(new QuickLoadForm)
    , m_runner(new LoadRunner(this))
    , m_summary(new SummaryModel(this))
{
    m_form->restoreSettings();
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildControls());
    splitter->addWidget(buildLivePane());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 420, 900 });
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(splitter);
    connectRunner();
    // Esc stops only the load this page shows; on other pages it means Back or Cancel.
    auto* esc
        = new QShortcut(QKeySequence(Qt::Key_Escape), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(esc, &QShortcut::activated, this, &QuickLoadPage::stop);
    connect(m_form, &QuickLoadForm::changed, this,
        [this] { m_start->setEnabled(m_state == State::Idle && m_form->isValid()); });
    setState(State::Idle);
}

QuickLoadPage::~QuickLoadPage() = default; // ~LoadRunner stops and joins a running load

QWidget* QuickLoadPage::buildControls()
{
    m_start = new QPushButton(icon(u"start"_qs), tr("&Start"));
    m_start->setToolTip(tr("Check that the target accepts connections, then start the load (F5)"));
    m_stop = new QPushButton(icon(u"stop"_qs), tr("St&op"));
    m_stop->setToolTip(
        tr("Stop the load; the summary of what ran so far follows (Shift+F5, or Esc on this page)"));
    connect(m_start, &QPushButton::clicked, this, &QuickLoadPage::start);
    connect(m_stop, &QPushButton::clicked, this, &QuickLoadPage::stop);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch();

    auto* inner = new QWidget;
    auto* layout = new QVBoxLayout(inner);
    layout->addWidget(m_form, 1);
    layout->addLayout(buttons);
    auto* scroll = new QScrollArea;
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(360);
    return scroll;
}

QWidget* QuickLoadPage::buildLivePane()
{
    m_error = makeErrorLabel(this);
    m_cpuWarning = makeWarningLabel(this);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setFormat(u"%p %"_qs);
    m_progress->setToolTip(tr("Share of the planned duration or requests done"));
    m_progress->setObjectName(u"progress"_qs);
    m_live = new QLabel(tr("Idle"));
    m_live->setObjectName(u"liveStatus"_qs);
    m_live->setToolTip(tr("Elapsed time, requests so far, errors, active VUs and the client's CPU"));
    m_live->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_charts = new LiveCharts;
    m_table = new QTableView;
    m_table->setModel(m_summary);
    setupTableView(m_table, false);
    m_table->setToolTip(tr("The summary of the last load, as `stackbench load` prints it"));
    m_table->horizontalHeader()->setSectionResizeMode(
        SummaryModel::MetricColumn, QHeaderView::ResizeToContents);

    auto* pane = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* layout = new QVBoxLayout(top);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(m_live);
    layout->addWidget(m_cpuWarning);
    layout->addWidget(m_charts, 1);
    pane->addWidget(top);
    pane->addWidget(buildSummaryPane());
    pane->setStretchFactor(0, 3);
    pane->setStretchFactor(1, 2);
    pane->setSizes({ 560, 400 });
    return pane;
}

QWidget* QuickLoadPage::buildSummaryPane()
{
    m_copySummary = new QPushButton(icon(u"copy"_qs), tr("&Copy summary"));
    m_copySummary->setToolTip(tr("Copy the whole summary to the clipboard as text (Ctrl+C in the table)"));
    m_saveSummary = new QPushButton(tr("Sa&ve summary…"));
    m_saveSummary->setToolTip(
        tr("Save the summary as JSON (the schema of `stackbench load --json`) or as text"));
    connect(m_copySummary, &QPushButton::clicked, this, &QuickLoadPage::copySummary);
    connect(m_saveSummary, &QPushButton::clicked, this, &QuickLoadPage::saveSummaryDialog);
    // Ctrl+C in the table copied one cell: it copies the summary instead.
    auto* copy = new QShortcut(QKeySequence::Copy, m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, &QuickLoadPage::copySummary);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_copySummary);
    buttons->addWidget(m_saveSummary);
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    return pane;
}

void QuickLoadPage::copySummary()
{
    if (m_summary->hasSummary())
        QApplication::clipboard()->setText(m_summary->toText());
}

QString QuickLoadPage::saveSummaryTo(const QString& path) const
{
    if (!m_summary->hasSummary())
        return tr("There is no summary to save yet");
    const QByteArray data = path.endsWith(u".json"_qs, Qt::CaseInsensitive)
        ? QJsonDocument(m_summary->summary().toJson()).toJson()
        : m_summary->toText().toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

void QuickLoadPage::saveSummaryDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the summary"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(u"load-summary.json"_qs),
        tr("JSON (*.json);;Text (*.txt)"));
    if (path.isEmpty())
        return;
    const QString error = saveSummaryTo(path);
    Q_EMIT statusMessage(error.isEmpty() ? tr("Saved %1").arg(QDir::toNativeSeparators(path)) : error);
}

void QuickLoadPage::connectRunner()
{
    connect(m_runner, &LoadRunner::snapshotAvailable, this, &QuickLoadPage::onSnapshot);
    connect(m_runner, &LoadRunner::finished, this, &QuickLoadPage::onFinished);
    connect(m_runner, &LoadRunner::failed, this, &QuickLoadPage::onFailed);
}

QString QuickLoadPage::errorText() const
{
    return m_error->text();
}

QString QuickLoadPage::clientWarningText() const
{
    return m_cpuWarning->text();
}

void QuickLoadPage::start()
{
    assertGuiThread(this);
    if (m_state != State::Idle)
        return;
    QString error;
    const std::optional<LoadSpec> spec = m_form->spec(&error);
    if (!spec) {
        showError(error);
        return;
    }
    m_form->saveSettings();
    showError({});
    resetLive(); // nothing of the previous run may pass for this target's
    m_target = spec->baseUrl.toString();
    setState(State::Probing);
    const quint64 attempt = ++m_attempt;
    // The probe is a coroutine on this thread's event loop; connect() drops the result if the page
    // is gone, and the attempt number drops it if the user stopped or restarted meanwhile.
    QCoro::connect(probeConnect(spec->baseUrl, 3s), this, [this, attempt, spec = *spec](const QString& why) {
        if (attempt != m_attempt || m_state != State::Probing)
            return;
        if (!why.isEmpty()) {
            showError(tr("Cannot reach %1: %2. Is the server running, and is the address right?")
                          .arg(spec.baseUrl.toString(), why));
            setState(State::Idle);
            return;
        }
        beginLoad(spec);
    });
}

void QuickLoadPage::resetLive()
{
    m_charts->clear();
    m_summary->clear();
    m_cpuWarning->clear();
    m_cpuWatch.reset();
    m_cpuWarning->hide();
    m_progress->setValue(0);
}

void QuickLoadPage::beginLoad(const LoadSpec& spec)
{
    m_runId = m_runner->start(spec);
    setState(State::Running);
    Q_EMIT statusMessage(tr("Loading %1%2 …").arg(m_target, spec.request.path));
}

void QuickLoadPage::stop()
{
    assertGuiThread(this);
    switch (m_state) {
    case State::Probing:
        ++m_attempt;
        setState(State::Idle);
        break;
    case State::Running:
        m_runner->stop();
        setState(State::Stopping);
        break;
    default:
        break;
    }
}

void QuickLoadPage::onSnapshot(const LiveSnapshot& s)
{
    if (s.runId != m_runId || m_state == State::Idle)
        return; // a stale run
    m_charts->addSnapshot(s);
    m_progress->setValue(int(s.progress * 1000));
    m_live->setText(tr("%1 s · %2 requests · %3 errors · %4 VUs active · %5 req/s now · client CPU %6 %")
                        .arg(formatNumber(s.elapsedS, 1), formatNumber(double(s.totalRequests)),
                            formatNumber(double(s.totalErrors)), QString::number(s.activeVus),
                            formatNumber(s.intervalRps), formatNumber(s.clientCpuPercent)));
    if (m_cpuWatch.add(s.clientCpuPercent))
        showClientCpu(s.clientCpuPercent);
}

void QuickLoadPage::showClientCpu(double percent)
{
    // Once shown, the warning stays for the rest of the run.
    m_cpuWarning->setText(tr("⚠ Client CPU at %1 % of a core: the measurement may be client-bound "
                             "(Stackbench itself may be the bottleneck, not the server).")
                              .arg(formatNumber(percent)));
    m_cpuWarning->show();
}

void QuickLoadPage::onFinished(const LoadResult& result)
{
    if (result.runId != m_runId)
        return;
    m_summary->setSummary(result.summary, result.stopped);
    if (!result.error.isEmpty())
        showError(result.error);
    else if (result.summary.requests > 0 && result.summary.errors.connect == result.summary.requests)
        showError(tr("Cannot reach %1: every connection failed").arg(m_target));
    if (!result.stopped)
        m_progress->setValue(m_progress->maximum());
    if (result.summary.clientCpuPercent > ClientCpuWatch::ThresholdPercent)
        showClientCpu(result.summary.clientCpuPercent); // over the whole run
    m_table->resizeColumnToContents(SummaryModel::MetricColumn);
    setState(State::Idle);
    Q_EMIT statusMessage(tr("Load finished: %1 requests, %2 req/s, p99 %3")
                             .arg(formatNumber(double(result.summary.requests)),
                                 formatNumber(result.summary.rps, 1), formatMs(result.summary.latency.p99)));
    Q_EMIT loadFinished(result.summary);
}

void QuickLoadPage::onFailed(quint64 runId, const QString& reason)
{
    if (runId != m_runId)
        return;
    showError(tr("The load failed: %1").arg(reason));
    setState(State::Idle);
}

void QuickLoadPage::showError(const QString& message)
{
    setFieldError(nullptr, m_error, message);
    if (!message.isEmpty())
        Q_EMIT statusMessage(message);
}

void QuickLoadPage::setState(State state)
{
    const bool wasBusy = isBusy();
    m_state = state;
    m_start->setEnabled(state == State::Idle && m_form->isValid());
    m_stop->setEnabled(state == State::Probing || state == State::Running);
    m_form->setEnabled(state == State::Idle);
    m_copySummary->setEnabled(state == State::Idle && m_summary->hasSummary());
    m_saveSummary->setEnabled(state == State::Idle && m_summary->hasSummary());
    switch (state) {
    case State::Idle:
        m_live->setText(m_summary->hasSummary() ? tr("Finished") : tr("Idle"));
        break;
    case State::Probing:
        m_live->setText(tr("Connecting to %1 …").arg(m_target));
        break;
    case State::Running:
        m_live->setText(tr("Starting …"));
        break;
    case State::Stopping:
        m_live->setText(tr("Stopping …"));
        break;
    }
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}
