#include "paperreference.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// The resources live in the static ui library; without an explicit reference the linker drops
// the rcc object. Q_INIT_RESOURCE must be called from the global namespace.
static void initReferenceResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace {

PaperFigure parseFigure(const QJsonObject& o)
{
    PaperFigure f;
    f.number = o.value(u"number"_qs).toInt();
    f.title = o.value(u"title"_qs).toString();
    f.scenario = o.value(u"scenario"_qs).toString();
    f.metric = o.value(u"metric"_qs).toString();
    f.metricLabel = o.value(u"metricLabel"_qs).toString();
    f.unit = o.value(u"unit"_qs).toString();
    f.higherIsBetter = o.value(u"higherIsBetter"_qs).toBool(true);
    const QJsonObject values = o.value(u"values"_qs).toObject();
    for (auto it = values.begin(); it != values.end(); ++it)
        f.values.insert(it.key(), it.value().toDouble(-1));
    for (const QJsonValue& v : o.value(u"approximate"_qs).toArray())
        f.approximate.append(v.toString());
    f.note = o.value(u"note"_qs).toString();
    return f;
}

} // namespace

PaperReference parsePaperReference(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = u"reference is not a JSON object: "_qs + parseError.errorString();
        return {};
    }
    const QJsonObject root = doc.object();
    PaperReference ref;
    ref.source = root.value(u"source"_qs).toString();
    ref.machine = root.value(u"machine"_qs).toString();
    ref.legend = root.value(u"legend"_qs).toString();
    ref.repetitions = root.value(u"repetitions"_qs).toInt();
    for (const QJsonValue& v : root.value(u"stacks"_qs).toArray()) {
        const QJsonObject s = v.toObject();
        const QString name = s.value(u"name"_qs).toString();
        ref.stacks.append(name);
        ref.stackLabels.insert(name, s.value(u"label"_qs).toString(name));
    }
    for (const QJsonValue& v : root.value(u"figures"_qs).toArray())
        ref.figures.append(parseFigure(v.toObject()));
    if (ref.figures.isEmpty() && error)
        *error = u"reference has no figures"_qs;
    return ref;
}

const PaperReference& paperReference()
{
    static const PaperReference ref = [] {
        initReferenceResources();
        QFile file(u":/reference/paper.json"_qs);
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("paper reference resource is missing");
            return PaperReference {};
        }
        QString error;
        PaperReference parsed = parsePaperReference(file.readAll(), &error);
        if (!parsed.isValid())
            qWarning("paper reference is invalid: %s", qPrintable(error));
        return parsed;
    }();
    return ref;
}

const PaperFigure* paperFigure(int number)
{
    for (const PaperFigure& f : paperReference().figures) {
        if (f.number == number)
            return &f;
    }
    return nullptr;
}

double paperReferenceValue(int figure, const QString& stack)
{
    const PaperFigure* f = paperFigure(figure);
    return f ? f->values.value(stack, -1) : -1;
}

bool paperReferenceIsApproximate(int figure, const QString& stack)
{
    const PaperFigure* f = paperFigure(figure);
    return f && f->approximate.contains(stack);
}

QString paperStackLabel(const QString& stack)
{
    return paperReference().stackLabels.value(stack, stack);
}

QString paperLegend()
{
    const QString legend = paperReference().legend;
    return legend.isEmpty() ? u"Paper (i7-8750H)"_qs : legend;
}

QString paperApproximateLegend()
{
    return u"Paper, approximate"_qs;
}
