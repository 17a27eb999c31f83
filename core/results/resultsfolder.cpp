#include "resultsfolder.h"

#include "plan/jsonreader.h"
#include "resultswriter.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <algorithm>

const ScenarioRecord* ResultsFolder::find(
    int repetition, const QString& stack, const QString& scenarioId) const
{
    for (const auto& r : records)
        if (r.repetition == repetition && r.stack == stack && r.scenarioId == scenarioId)
            return &r;
    return nullptr;
}

namespace {
class FolderReader
{
public:
    explicit FolderReader(ResultsFolder& folder)
        : m_folder(folder)
        , m_root(folder.dir)
    {
    }

    bool readManifest();
    void readRepetitions(const QString& relativeDir, bool warmup);
    void sortRecords();

private:
    std::optional<QJsonObject> readJson(const QString& relative, JsonReader& reader);
    void readRepetition(const QString& relativeDir, int repetition, bool warmup);
    void readRecord(const QString& relative, int repetition, const QString& stack, bool warmup);

    ResultsFolder& m_folder;
    QDir m_root;
};

std::optional<QJsonObject> FolderReader::readJson(const QString& relative, JsonReader& reader)
{
    QFile file(m_root.filePath(relative));
    if (!file.open(QIODevice::ReadOnly)) {
        reader.problem({}, u"cannot read the file: "_qs + file.errorString());
        return std::nullopt;
    }
    if (file.size() > JsonReader::MaxDocumentBytes) {
        reader.problem({}, u"the file is %1 bytes; a results file is never that large"_qs.arg(file.size()));
        return std::nullopt;
    }
    return reader.parseObject(file.readAll());
}

bool FolderReader::readManifest()
{
    const auto name = ResultsWriter::manifestFileName();
    if (!m_root.exists()) {
        m_folder.problems.append({ m_folder.dir, {}, u"the results folder does not exist"_qs });
        return false;
    }
    if (!m_root.exists(name)) {
        m_folder.problems.append({ name, {},
            u"missing: this is not a results folder, or its run was stopped before "
            "it began"_qs });
        return false;
    }
    JsonReader reader(name);
    if (const auto o = readJson(name, reader))
        m_folder.manifest = RunManifest::fromJson(reader, *o);
    m_folder.problems += reader.problems();
    return m_folder.manifest.has_value() && reader.ok();
}

void FolderReader::readRepetitions(const QString& relativeDir, bool warmup)
{
    static const QRegularExpression RepDir(u"^rep([1-9][0-9]{0,3})$"_qs);
    const QDir dir(m_root.filePath(relativeDir.isEmpty() ? u"."_qs : relativeDir));
    for (const auto& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const auto m = RepDir.match(name);
        if (m.hasMatch())
            readRepetition(
                relativeDir.isEmpty() ? name : relativeDir + u'/' + name, m.captured(1).toInt(), warmup);
    }
}

void FolderReader::readRepetition(const QString& relativeDir, int repetition, bool warmup)
{
    const QDir repDir(m_root.filePath(relativeDir));
    for (const auto& stack : repDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir stackDir(repDir.filePath(stack));
        // Only *.json: QSaveFile's temporary files (name.json.XXXXXX) left by a kill are skipped.
        for (const auto& file : stackDir.entryList({ u"*.json"_qs }, QDir::Files, QDir::Name))
            readRecord(relativeDir + u'/' + stack + u'/' + file, repetition, stack, warmup);
    }
}

void FolderReader::readRecord(const QString& relative, int repetition, const QString& stack, bool warmup)
{
    JsonReader reader(relative);
    std::optional<ScenarioRecord> rec;
    if (const auto o = readJson(relative, reader))
        rec = ScenarioRecord::fromJson(reader, *o);
    if (rec) {
        if (rec->repetition != repetition)
            reader.problem(u"repetition"_qs,
                u"is %1 but the file is in the folder of repetition %2"_qs.arg(rec->repetition)
                    .arg(repetition));
        if (rec->stack != stack)
            reader.problem(
                u"stack"_qs, u"is \"%1\" but the file is in the folder \"%2\""_qs.arg(rec->stack, stack));
        if (rec->warmup != warmup)
            reader.problem(u"warmup"_qs,
                warmup ? u"must be true for a file under warmup/"_qs
                       : u"is true but the file is not under warmup/"_qs);
    }
    if (rec && reader.ok()) {
        QString error;
        const auto expected = ResultsWriter(m_folder.dir, *m_folder.manifest).relativePath(*rec, &error);
        if (expected.isEmpty())
            reader.problem({}, error.replace(u"cannot store the result: "_qs, QString()));
        else if (expected != relative)
            reader.problem({}, u"should be named %1 for its repetition, stack and scenario"_qs.arg(expected));
    }
    m_folder.problems += reader.problems();
    if (rec && reader.ok())
        (warmup ? m_folder.warmups : m_folder.records).append(*rec);
}

void FolderReader::sortRecords()
{
    const Plan plan = m_folder.manifest->expandedPlan();
    auto stackIndex = [&](const QString& id) {
        for (qsizetype i = 0; i < plan.stacks.size(); ++i)
            if (plan.stacks.at(i).id() == id)
                return i;
        return plan.stacks.size();
    };
    auto key = [&](const ScenarioRecord& r) {
        return std::tuple(r.repetition, stackIndex(r.stack), plan.scenarioIndex(r.scenarioId), r.scenarioId);
    };
    for (auto* list : { &m_folder.records, &m_folder.warmups })
        std::stable_sort(
            list->begin(), list->end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
}
} // namespace

ResultsFolder loadResults(const QString& dir)
{
    ResultsFolder folder;
    folder.dir = dir;
    FolderReader reader(folder);
    if (!reader.readManifest())
        return folder;
    reader.readRepetitions({}, false);
    reader.readRepetitions(u"warmup"_qs, true);
    reader.sortRecords();
    return folder;
}

std::optional<ResultsFolder> loadReadableResults(const QString& dir, JsonProblems* problems)
{
    ResultsFolder folder = loadResults(dir);
    for (JsonProblem p : folder.problems) {
        if (QDir::isRelativePath(p.file))
            p.file = dir + u'/' + p.file;
        problems->append(p);
    }
    return folder.manifest ? std::optional(std::move(folder)) : std::nullopt;
}
