#pragma once

#include "loadspec.h"
#include "transport.h"

#include <atomic>
#include <functional>
#include <random>
#include <vector>

/// Expands a RequestTemplate into concrete requests. Templates are split into literal and
/// placeholder segments once, so each request costs a few appends.
///
/// Thread-safe: one factory serves every worker thread; the only shared state is the atomic
/// cursor of consumed ids. Each caller passes its own random generator.
class RequestFactory
{
public:
    RequestFactory(const RequestTemplate& tmpl, const QUrl& baseUrl);

    HttpRequest make(qint64 seq, int vu, std::mt19937_64& rng);

    /// True when the template draws ids and the consumed-id pool has run dry.
    bool exhausted() const;
    /// For a segmented run: the whole load's index of this run's n-th consumed id, so segments consume
    /// disjoint ids (LoadSpec::segment). Set before any make(); identity by default.
    void setIndexMap(std::function<qint64(qint64)> map) { m_indexMap = std::move(map); }

private:
    enum class Kind { Literal, Id, Seq, Vu };
    struct Segment
    {
        Kind kind;
        QByteArray text;
    };
    static std::vector<Segment> split(const QByteArray& text);
    QByteArray expand(const std::vector<Segment>& segments, qint64 id, qint64 seq, int vu) const;
    qint64 nextId(std::mt19937_64& rng);

    RequestTemplate m_template;
    QByteArray m_prefix; ///< the base URL's path, without a trailing slash
    std::vector<Segment> m_path;
    std::vector<Segment> m_body;
    bool m_usesId = false;
    std::atomic<qint64> m_cursor { 0 };
    std::function<qint64(qint64)> m_indexMap;
};
