#include "verifier.h"

#include "stacks/conformance.h"
#include "stacks/stackprocess.h"
#include "stacks/truststore.h"
#include "study/logtail.h"

#include <QDir>
#include <QPointer>
#include <QThread>
#include <QTimer>

Verifier::Verifier(QObject* parent)
    : QObject(parent)
    , m_tail(new LogTail(this))
{
    connect(m_tail, &LogTail::line, this, [this](const QString& line) {
        Q_EMIT logLine(m_process ? m_process->name() : QString(), line);
    });
}

Verifier::~Verifier()
{
    if (m_process)
        m_process->kill(); // never leave a stack running
}

void Verifier::start(const Plan& plan, const QString& manifestPath)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    const quint64 id = ++m_id;
    QTimer::singleShot(0, this, [this, id, plan, manifestPath] { runAll(id, plan, manifestPath); });
}

void Verifier::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_process)
        m_process->kill(); // the pending step fails at once; stopProcess() then reaps
}

void Verifier::log(const QString& stack, const QString& line)
{
    Q_EMIT logLine(stack, line);
}

std::optional<StackManifest> Verifier::trustedManifest(const QString& manifestPath, QString* problem)
{
    QStringList errors;
    auto manifest = StackManifest::load(manifestPath, &errors);
    if (!manifest) {
        *problem = tr("the stack manifest cannot be read: %1").arg(errors.join(u"; "_qs));
        return std::nullopt;
    }
    if (!TrustStore().isTrusted(*manifest)) {
        *problem = tr("the stack manifest %1 is not approved, so none of its stacks were started")
                       .arg(QDir::toNativeSeparators(manifest->path));
        return std::nullopt;
    }
    return manifest;
}

QCoro::Task<> Verifier::runAll(quint64 id, Plan plan, QString manifestPath)
{
    QPointer<Verifier> self(this);
    std::optional<StackManifest> manifest;
    QString manifestProblem;
    if (std::any_of(plan.stacks.cbegin(), plan.stacks.cend(), [](const PlanStack& s) { return !s.isExternal(); })) {
        manifest = trustedManifest(manifestPath, &manifestProblem);
        if (!manifest)
            log({}, manifestProblem);
    }
    int passed = 0;
    int failed = 0;
    for (int i = 0; i < plan.stacks.size() && !m_cancelled; ++i) {
        const PlanStack target = plan.stacks.at(i);
        Q_EMIT stackStarted(target.id(), i, int(plan.stacks.size()));
        const Outcome outcome = co_await verifyOne(target, plan.procedure, manifest, manifestProblem);
        if (!self || id != m_id)
            co_return;
        if (m_cancelled)
            break;
        (outcome.passed ? passed : failed)++;
        Q_EMIT stackVerified(target.id(), outcome.passed, outcome.problems);
    }
    m_running = false;
    Q_EMIT finished(passed, failed, m_cancelled);
}

QCoro::Task<Verifier::Outcome> Verifier::verifyOne(
    PlanStack target, Procedure procedure, std::optional<StackManifest> manifest, QString manifestProblem)
{
    QPointer<Verifier> self(this);
    Outcome out;
    const QString id = target.id();
    QUrl base = target.url;
    if (!target.isExternal()) {
        const StackDefinition* def = manifest ? manifest->find(target.stack) : nullptr;
        if (!def) {
            out.problems << (manifest ? tr("%1 is not in the stack manifest").arg(target.stack) : manifestProblem);
            log(id, out.problems.last());
            co_return out;
        }
        // GCC 12 mis-compiles co_await inside conditions: bind the result first.
        const bool up = co_await bringUp(id, *manifest, *def, procedure.seedCount, &out);
        if (!self)
            co_return out;
        if (!up) {
            co_await stopProcess();
            co_return out;
        }
        base = m_process->baseUrl();
    }
    if (m_cancelled) {
        co_await stopProcess();
        co_return out;
    }
    log(id, tr("Checking the API contract on %1 …").arg(base.toString()));
    ConformanceOptions options;
    options.target = id;
    options.transport = procedure.transport;
    const ConformanceReport report = co_await runConformance(base, options);
    if (!self)
        co_return out;
    out.passed = report.passed();
    for (const ConformanceCheck& c : report.checks)
        if (!c.passed)
            out.problems << c.name + u": "_qs + c.reason;
    for (const QString& line : report.toText(false).split(u'\n', Qt::SkipEmptyParts))
        log(id, line);
    co_await stopProcess();
    co_return out;
}

QCoro::Task<bool> Verifier::bringUp(
    const QString& id, const StackManifest& manifest, const StackDefinition& def, int seedCount, Outcome* out)
{
    QPointer<Verifier> self(this);
    m_process = std::make_unique<StackProcess>(manifest, def);
    StackProcess* process = m_process.get();
    log(id, tr("Starting %1 …").arg(def.label.isEmpty() ? def.name : def.label));
    const bool started = co_await process->start();
    if (!self)
        co_return false;
    m_tail->start(process->logPath());
    if (!started) {
        out->problems << process->error();
        log(id, tr("Could not start: %1").arg(process->error()));
        co_return false;
    }
    log(id, tr("Ready on %1 after %2 s; seeding %n record(s) …", nullptr, seedCount)
                .arg(process->baseUrl().toString())
                .arg(process->readySeconds(), 0, 'f', 1));
    const SeedResult seeded = co_await process->seed(seedCount);
    if (!self)
        co_return false;
    if (!seeded.ok) {
        out->problems << tr("seeding failed: %1").arg(seeded.error);
        log(id, out->problems.last());
        co_return false;
    }
    co_return !m_cancelled;
}

QCoro::Task<> Verifier::stopProcess()
{
    if (!m_process)
        co_return;
    QPointer<Verifier> self(this);
    StackProcess* process = m_process.get();
    co_await process->stop();
    if (!self)
        co_return;
    m_tail->stop();
    m_process.reset();
}
