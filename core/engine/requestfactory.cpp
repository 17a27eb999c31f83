#include "requestfactory.h"

RequestFactory::RequestFactory(const RequestTemplate& tmpl, const QUrl& baseUrl)
    : m_template(tmpl)
    , m_prefix(baseUrl.path(QUrl::FullyEncoded).toUtf8())
    , m_path(split(tmpl.path.toUtf8()))
    , m_body(split(tmpl.body))
{
    while (m_prefix.endsWith('/'))
        m_prefix.chop(1);
    for (const auto* segments : { &m_path, &m_body })
        for (const auto& s : *segments)
            m_usesId = m_usesId || s.kind == Kind::Id;
}

std::vector<RequestFactory::Segment> RequestFactory::split(const QByteArray& text)
{
    static const std::pair<QByteArray, Kind> names[]
        = { { "{id}", Kind::Id }, { "{seq}", Kind::Seq }, { "{vu}", Kind::Vu } };
    std::vector<Segment> out;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype best = -1;
        const std::pair<QByteArray, Kind>* hit = nullptr;
        for (const auto& n : names) {
            const qsizetype at = text.indexOf(n.first, pos);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
                hit = &n;
            }
        }
        if (!hit) {
            out.push_back({ Kind::Literal, text.mid(pos) });
            break;
        }
        if (best > pos)
            out.push_back({ Kind::Literal, text.mid(pos, best - pos) });
        out.push_back({ hit->second, {} });
        pos = best + hit->first.size();
    }
    return out;
}

qint64 RequestFactory::nextId(std::mt19937_64& rng)
{
    const auto& pool = m_template.idPool;
    const qint64 size = pool.isEmpty() ? m_template.idMax - m_template.idMin + 1 : pool.size();
    qint64 index = 0;
    if (m_template.consumeIds) {
        index = m_cursor.fetch_add(1, std::memory_order_relaxed);
        if (m_indexMap)
            index = m_indexMap(index);
        index = std::min(index, size - 1); // exhausted pools repeat the last id; the spec check warns
    } else {
        index = qint64(rng() % quint64(std::max<qint64>(size, 1)));
    }
    return pool.isEmpty() ? m_template.idMin + index : pool.at(index);
}

bool RequestFactory::exhausted() const
{
    if (!m_usesId || !m_template.consumeIds)
        return false;
    const qint64 size
        = m_template.idPool.isEmpty() ? m_template.idMax - m_template.idMin + 1 : m_template.idPool.size();
    const qint64 next = m_cursor.load(std::memory_order_relaxed);
    return (m_indexMap ? m_indexMap(next) : next) >= size;
}

QByteArray RequestFactory::expand(const std::vector<Segment>& segments, qint64 id, qint64 seq, int vu) const
{
    if (segments.size() == 1 && segments.front().kind == Kind::Literal)
        return segments.front().text;
    QByteArray out;
    for (const auto& s : segments) {
        switch (s.kind) {
        case Kind::Literal:
            out += s.text;
            break;
        case Kind::Id:
            out += QByteArray::number(id);
            break;
        case Kind::Seq:
            out += QByteArray::number(seq);
            break;
        case Kind::Vu:
            out += QByteArray::number(vu);
            break;
        }
    }
    return out;
}

HttpRequest RequestFactory::make(qint64 seq, int vu, std::mt19937_64& rng)
{
    const qint64 id = m_usesId ? nextId(rng) : 0;
    HttpRequest r;
    r.method = m_template.method;
    r.target = m_prefix.isEmpty() ? expand(m_path, id, seq, vu) : m_prefix + expand(m_path, id, seq, vu);
    r.headers = m_template.headers;
    r.body = expand(m_body, id, seq, vu);
    return r;
}
