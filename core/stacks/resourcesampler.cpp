#include "resourcesampler.h"

#include "proctree.h"

#include <algorithm>

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
}

QJsonObject ResourceStats::toJson() const
{
    return { { u"cpuMeanPercent"_qs, cpuMeanPercent }, { u"cpuMaxPercent"_qs, cpuMaxPercent },
        { u"rssMeanMb"_qs, rssMeanMb }, { u"rssMaxMb"_qs, rssMaxMb }, { u"samples"_qs, samples } };
}

ResourceStats ResourceStats::fromJson(const QJsonObject& o)
{
    ResourceStats s;
    s.cpuMeanPercent = o.value(u"cpuMeanPercent"_qs).toDouble();
    s.cpuMaxPercent = o.value(u"cpuMaxPercent"_qs).toDouble();
    s.rssMeanMb = o.value(u"rssMeanMb"_qs).toDouble();
    s.rssMaxMb = o.value(u"rssMaxMb"_qs).toDouble();
    s.samples = o.value(u"samples"_qs).toInt();
    return s;
}

ResourceSampler::ResourceSampler(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ResourceSample>();
    qRegisterMetaType<ResourceStats>();
    m_timer.setInterval(std::chrono::milliseconds(250));
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ResourceSampler::sample);
}

void ResourceSampler::setInterval(std::chrono::milliseconds interval)
{
    m_timer.setInterval(interval);
}

ResourceSampler::Reading ResourceSampler::read(qint64 rootPid)
{
    Reading r;
    for (const ProcStat& s : proc::tree(rootPid)) {
        if (s.isDead())
            continue;
        r.ticks.insert({ s.pid, s.startTime }, s.cpuTicks);
        r.rssBytes += proc::residentBytes(s.pid);
        ++r.processes;
    }
    return r;
}

void ResourceSampler::start(qint64 rootPid)
{
    m_root = rootPid;
    m_cpuSum = m_cpuMax = m_rssSum = m_rssMax = 0;
    m_samples = 0;
    m_clock.start();
    m_previous = read(rootPid);
    m_previousNs = 0;
    m_timer.start();
}

ResourceStats ResourceSampler::stop()
{
    if (!m_timer.isActive())
        return current();
    m_timer.stop();
    // A last, partial interval still says something about the end of the window; a window shorter
    // than one interval (a 20-request scenario) still gets its one reading.
    if (m_samples == 0 || m_clock.nsecsElapsed() - m_previousNs > m_timer.interval() * 1'000'000LL / 5)
        sample();
    return current();
}

ResourceStats ResourceSampler::current() const
{
    ResourceStats s;
    s.samples = m_samples;
    if (m_samples > 0) {
        s.cpuMeanPercent = m_cpuSum / m_samples;
        s.rssMeanMb = m_rssSum / m_samples;
    }
    s.cpuMaxPercent = m_cpuMax;
    s.rssMaxMb = m_rssMax;
    return s;
}

void ResourceSampler::sample()
{
    const qint64 nowNs = m_clock.nsecsElapsed();
    Reading now = read(m_root);
    quint64 ticks = 0;
    for (auto it = now.ticks.cbegin(); it != now.ticks.cend(); ++it) {
        const auto before = m_previous.ticks.constFind(it.key());
        // A newcomer's ticks were all spent since the last reading (or close enough).
        const quint64 base = before == m_previous.ticks.cend() ? 0 : *before;
        ticks += it.value() > base ? it.value() - base : 0;
    }
    const double seconds = double(nowNs - m_previousNs) / 1e9;
    ResourceSample s;
    s.elapsedS = double(nowNs) / 1e9;
    s.cpuPercent = seconds > 0 ? 100.0 * double(ticks) / double(proc::clockTicksPerSecond()) / seconds : 0;
    s.rssMb = double(now.rssBytes) / kMiB;
    s.processes = now.processes;
    m_previous = std::move(now);
    m_previousNs = nowNs;

    ++m_samples;
    m_cpuSum += s.cpuPercent;
    m_rssSum += s.rssMb;
    m_cpuMax = std::max(m_cpuMax, s.cpuPercent);
    m_rssMax = std::max(m_rssMax, s.rssMb);
    Q_EMIT sampleAvailable(s);
}
