#include "targets.h"

#include "engine/httpresponseparser.h"
#include "engine/loadpart.h"
#include "metrics/hdrcodec.h"
#include "plan/jsonreader.h"
#include "plan/plan.h"
#include "results/aggregate.h"
#include "results/export.h"
#include "results/resultsfolder.h"
#include "results/resultswriter.h"
#include "results/resumeindex.h"

#include <QJsonDocument>

namespace {
QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Reads back what `T::toJson()` wrote, through bytes as a file would; the broken rule, or empty.
template<typename T> QString checkReload(const T& value, const char* what)
{
    const QByteArray saved = compact(value.toJson());
    JsonReader reader;
    const auto object = reader.parseObject(saved);
    const auto reloaded = object ? T::fromJson(reader, *object) : std::nullopt;
    if (!reloaded || !reader.ok())
        return QString::fromLatin1(what) + u" it wrote cannot be read back: "_qs
            + (reader.ok() ? u"no problem listed"_qs : reader.problems().first().toString());
    if (compact(reloaded->toJson()) != saved)
        return QString::fromLatin1(what) + u" changed in a save and reload"_qs;
    return {};
}

/// A rejection without a reason breaks "every problem listed by JSON path".
QString checkRejection(bool accepted, const JsonReader& reader, const char* what)
{
    if (!accepted && reader.ok())
        return QString::fromLatin1(what) + u" rejected with no problem listed"_qs;
    return {};
}

/// The manifest a record is checked against when the input is not a manifest itself.
const RunManifest& paperManifest()
{
    static const RunManifest manifest = [] {
        RunManifest m;
        m.plan = loadPlan(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/paper.json"))
                     .plan.value_or(Plan());
        m.startedAt = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
        return m;
    }();
    return manifest;
}

/// What loadResults() does with a record once read, and what reports do with the folder.
void useFolder(const RunManifest& manifest, const std::optional<ScenarioRecord>& record)
{
    ResultsFolder folder;
    folder.dir = u"/nonexistent"_qs;
    folder.manifest = manifest;
    if (record) {
        QString error;
        (void)ResultsWriter(folder.dir, manifest).relativePath(*record, &error);
        (record->warmup ? folder.warmups : folder.records).append(*record);
    }
    const Aggregates aggregates = aggregate(folder);
    (void)figureData(aggregates);
    (void)aggregatesJson(aggregates);
    (void)resultsCsv(folder);
    (void)ResumeIndex(folder).missing(manifest.plan);
}

/// An accepted record's histograms decode, and what they decode to survives an encode and decode.
QString checkHistograms(const ScenarioRecord& r)
{
    for (const QString& text : { r.latencyHdr, r.ttfbHdr }) {
        if (text.isEmpty())
            continue;
        const auto h = hdrcodec::decode(text);
        if (!h)
            return u"an accepted record holds a histogram that does not decode"_qs;
        const QString again = hdrcodec::encode(*h);
        const auto back = hdrcodec::decode(again);
        if (!back || back->count() != h->count() || hdrcodec::encode(*back) != again)
            return u"a histogram changed in an encode and decode"_qs;
    }
    return {};
}

/// Piece lengths for one split seed: 1 .. seed bytes, from a small LCG; seed 0 = everything at once.
class Splitter
{
public:
    explicit Splitter(uint8_t seed)
        : m_max(seed)
        , m_state(seed)
    {
    }
    qsizetype next(qsizetype remaining)
    {
        if (m_max == 0)
            return remaining;
        m_state = m_state * 1103515245u + 12345u;
        return std::min(remaining, qsizetype(1 + (m_state >> 16) % m_max));
    }

private:
    uint32_t m_max;
    uint32_t m_state;
};

QString checkResponse(const HttpResponse& r, HttpResponseParser::State state, qint64 cap, bool keep)
{
    if (r.body.size() > cap)
        return u"a body of %1 bytes passed the %2-byte cap"_qs.arg(r.body.size()).arg(cap);
    if (!keep && (!r.headers.isEmpty() || !r.body.isEmpty()))
        return u"headers or body kept though not asked for"_qs;
    if (state == HttpResponseParser::State::Complete && (r.status < 0 || r.status > 999))
        return u"status %1 is not a three-digit code"_qs.arg(r.status);
    return {};
}
} // namespace

namespace fuzz {
QString plan(const uint8_t* data, size_t size)
{
    const auto result = parsePlan(bytes(data, size));
    if (!result.ok())
        return result.problems.isEmpty() ? u"plan rejected with no problem listed"_qs : QString();
    if (const auto problems = validatePlan(*result.plan); !problems.isEmpty())
        return u"an accepted plan fails validatePlan: "_qs + problems.first().toString();
    const QByteArray saved = result.plan->toJsonBytes();
    const auto reloaded = parsePlan(saved);
    if (!reloaded.ok())
        return u"a saved plan cannot be read back: "_qs
            + (reloaded.problems.isEmpty() ? u"no problem listed"_qs : reloaded.problems.first().toString());
    if (reloaded.plan->toJsonBytes() != saved)
        return u"a plan changed in a save and reload"_qs;
    return {};
}

QString results(const uint8_t* data, size_t size)
{
    JsonReader reader;
    const auto object = reader.parseObject(bytes(data, size));
    if (!object)
        return checkRejection(false, reader, "a results file");

    JsonReader manifestReader;
    auto manifest = RunManifest::fromJson(manifestReader, *object);
    if (!manifestReader.ok())
        manifest.reset(); // as loadResults() does: a manifest with problems is not used
    if (auto broken = checkRejection(manifest.has_value(), manifestReader, "a manifest"); !broken.isEmpty())
        return broken;

    JsonReader recordReader;
    auto record = ScenarioRecord::fromJson(recordReader, *object);
    if (!recordReader.ok())
        record.reset();
    if (auto broken = checkRejection(record.has_value(), recordReader, "a scenario record");
        !broken.isEmpty())
        return broken;

    // A segment's result (`load --out`), as `merge` reads it.
    JsonReader partReader;
    auto part = LoadPart::fromJson(partReader, *object);
    if (!partReader.ok())
        part.reset();
    if (auto broken = checkRejection(part.has_value(), partReader, "a load part"); !broken.isEmpty())
        return broken;
    if (part) {
        if (auto broken = checkReload(*part, "a load part"); !broken.isEmpty())
            return broken;
        QStringList problems;
        (void)mergeParts({ *part }, {}, &problems);
    }

    if (manifest) {
        if (auto broken = checkReload(*manifest, "a manifest"); !broken.isEmpty())
            return broken;
        useFolder(*manifest, std::nullopt);
    }
    if (record) {
        if (auto broken = checkReload(*record, "a scenario record"); !broken.isEmpty())
            return broken;
        if (auto broken = checkHistograms(*record); !broken.isEmpty())
            return broken;
        useFolder(paperManifest(), record);
    }
    return {};
}

QString httpResponse(const uint8_t* data, size_t size)
{
    if (size < 2)
        return {};
    static constexpr qint64 Caps[] = { 64LL * 1024 * 1024, 1024, 16, 0 };
    const bool keep = data[0] & 1;
    const qint64 cap = Caps[(data[0] >> 1) & 3];
    Splitter split(data[1]);
    const char* at = reinterpret_cast<const char*>(data) + 2;
    const char* const end = reinterpret_cast<const char*>(data) + size;

    HttpResponseParser parser(cap, keep);
    // Consecutive responses on one parser, as on a keep-alive connection; at most a few, so that a
    // stream of tiny responses cannot make one input slow.
    for (int n = 0; n < 16; ++n) {
        HttpResponse response;
        parser.begin(&response);
        auto state = HttpResponseParser::State::Partial;
        while (state == HttpResponseParser::State::Partial && at < end) {
            const qsizetype piece = split.next(end - at);
            state = parser.feed(at, piece);
            at += piece;
        }
        // Bytes after a response in its last piece are dropped, as SocketTransport drops the rest of
        // a read; the following pieces are the next response.
        if (state == HttpResponseParser::State::Partial)
            state = parser.finish(); // the server closed the connection
        if (auto broken = checkResponse(response, state, cap, keep); !broken.isEmpty())
            return broken;
        if ((state == HttpResponseParser::State::Failed) == parser.error().isEmpty())
            return u"an error text without a failure, or a failure without one"_qs;
        (void)parser.keepAlive();
        if (state != HttpResponseParser::State::Complete || at >= end)
            break;
    }
    return {};
}
} // namespace fuzz
