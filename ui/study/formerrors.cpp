#include "formerrors.h"

#include "common/uiutil.h"

#include <QLabel>

void FormErrors::add(const QString& key, QWidget* field, QLabel* label)
{
    m_entries.insert(key, { field, label });
}

QString FormErrors::keyFor(const QString& path) const
{
    QString best;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        const QString& key = it.key();
        const bool matches = path == key
            || (path.startsWith(key) && (path.at(key.size()) == u'.' || path.at(key.size()) == u'['));
        if (matches && key.size() > best.size())
            best = key;
    }
    return best;
}

void FormErrors::show(const JsonProblems& problems, const QHash<QString, QString>& local)
{
    QHash<QString, QStringList> perKey;
    QStringList general;
    for (const JsonProblem& p : problems) {
        const QString key = keyFor(p.path);
        const QString keyPath = p.path.mid(key.size());
        const QString reason = keyPath.isEmpty() || keyPath == u"."
            ? p.reason
            : keyPath.mid(keyPath.startsWith(u'.') ? 1 : 0) + u": "_qs + p.reason;
        if (key.isEmpty())
            general << (p.path.isEmpty() ? p.reason : p.path + u": "_qs + p.reason);
        else
            perKey[key] << reason;
    }
    m_shown.clear();
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        QString text = local.value(it.key());
        if (text.isEmpty())
            text = perKey.value(it.key()).join(u'\n');
        if (!text.isEmpty())
            m_shown.insert(it.key(), text);
        UiUtil::setFieldError(it.value().field, it.value().label, text);
    }
    m_generalText = general.join(u'\n');
    if (m_general)
        UiUtil::setFieldError(nullptr, m_general, m_generalText);
}

QString FormErrors::errorFor(const QString& key) const
{
    return m_shown.value(key);
}

JsonProblems problemsUnder(const JsonProblems& problems, const QString& prefix)
{
    JsonProblems out;
    for (JsonProblem p : problems) {
        if (p.path == prefix) {
            p.path.clear();
            out << p;
        } else if (p.path.startsWith(prefix) && p.path.at(prefix.size()) == u'.') {
            p.path = p.path.mid(prefix.size() + 1);
            out << p;
        }
    }
    return out;
}

JsonProblems generalProblems(const JsonProblems& problems)
{
    JsonProblems out;
    for (const JsonProblem& p : problems)
        if (!p.path.startsWith(u"stacks[") && !p.path.startsWith(u"scenarios[")
            && !p.path.startsWith(u"procedure"))
            out << p;
    return out;
}
