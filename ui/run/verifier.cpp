#include "verifier.h"

#include "stacks/stackprocess.h"
#include "stacks/truststore.h"
#include "study/logtail.h"
#include "study/stackcheck.h"

#include <QDir>
#include <QPointer>
#include <QThread>
#include <QTimer>

Verifier::Verifier(QObject* parent)
    : QObject(parent)
    , m_tail(new LogTail(this))
{
    connect(m_tail, &LogTail::line, this,
        [this](const QString& line) { Q_EMIT logLine(m_process ? m_process->name() : QString(), line); });
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
        m_process->kill(); // the pending step fails at once; checkStack() then reaps
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
    if (std::any_of(
            plan.stacks.cbegin(), plan.stacks.cend(), [](const PlanStack& s) { return !s.isExternal(); })) {
        manifest = trustedManifest(manifestPath, &manifestProblem);
        if (!manifest)
            log({}, manifestProblem);
    }
    int passed = 0;
    int failed = 0;
    for (int i = 0; i < plan.stacks.size() && !m_cancelled; ++i) {
        const PlanStack target = plan.stacks.at(i);
        Q_EMIT stackStarted(target.id(), i, int(plan.stacks.size()));
        const StackCheck outcome = co_await verifyOne(target, plan.procedure, manifest, manifestProblem);
        if (!self || id != m_id)
            co_return;
        if (m_cancelled)
            break;
        (outcome.passed() ? passed : failed)++;
        Q_EMIT stackVerified(target.id(), outcome.passed(), outcome.problems());
    }
    m_running = false;
    Q_EMIT finished(passed, failed, m_cancelled);
}

QCoro::Task<StackCheck> Verifier::verifyOne(
    PlanStack target, Procedure procedure, std::optional<StackManifest> manifest, QString manifestProblem)
{
    QPointer<Verifier> self(this);
    const QString id = target.id();
    ConformanceOptions options;
    options.transport = procedure.transport;
    if (target.isExternal()) {
        log(id, tr("Checking the API contract on %1 …").arg(target.url.toString()));
        StackCheck check = co_await checkTarget(target.url, options);
        if (self)
            logReport(id, check.report);
        co_return check;
    }
    const StackDefinition* def = manifest ? manifest->find(target.stack) : nullptr;
    if (!def) {
        StackCheck check;
        check.target = id;
        check.error = manifest ? tr("%1 is not in the stack manifest").arg(target.stack) : manifestProblem;
        log(id, check.error);
        co_return check;
    }
    m_process = std::make_unique<StackProcess>(*manifest, *def);
    log(id, tr("Starting %1 …").arg(def->label.isEmpty() ? def->name : def->label));
    const int seedCount = procedure.seedCount;
    const auto onStep = [self, id, seedCount](StackCheckStep step, const StackCheck& so) {
        if (!self)
            return;
        switch (step) {
        case StackCheckStep::Started:
            self->m_tail->start(so.logPath);
            self->log(id,
                so.error.isEmpty() ? tr("Ready on %1 after %2 s; seeding %n record(s) …", nullptr, seedCount)
                                         .arg(self->m_process->baseUrl().toString())
                                         .arg(so.readySeconds, 0, 'f', 1)
                                   : tr("Could not start: %1").arg(so.error));
            break;
        case StackCheckStep::Seeded:
            self->log(id,
                so.error.isEmpty()
                    ? tr("Checking the API contract on %1 …").arg(self->m_process->baseUrl().toString())
                    : so.error);
            break;
        case StackCheckStep::Checked:
            self->logReport(id, so.report);
            break;
        }
    };
    StackCheck check = co_await checkStack(
        *m_process, seedCount, options, onStep, [self] { return !self || self->m_cancelled; });
    if (!self)
        co_return check;
    m_tail->stop();
    m_process.reset();
    co_return check;
}

void Verifier::logReport(const QString& stack, const ConformanceReport& report)
{
    for (const QString& line : report.toText(false).split(u'\n', Qt::SkipEmptyParts))
        log(stack, line);
}
