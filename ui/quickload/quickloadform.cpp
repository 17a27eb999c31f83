#include "quickloadform.h"

#include "common/jsonedit.h"
#include "common/loadfields.h"
#include "common/settingskeys.h"
#include "common/uiutil.h"
#include "engine/executortraits.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
QLineEdit* lineEdit(const QString& text, const QString& placeholder, const QString& toolTip)
{
    QLineEdit* edit = makeLineEdit(placeholder, toolTip);
    edit->setText(text);
    edit->setClearButtonEnabled(true);
    return edit;
}

/// The URL split as the CLI splits it: base (scheme, host, port) and path with query.
std::pair<QUrl, QString> splitUrl(const QString& text)
{
    const QUrl target = QUrl::fromUserInput(text.trimmed());
    const QUrl base = target.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = target.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = u"/"_qs;
    if (target.hasQuery())
        path += u'?' + target.query(QUrl::FullyEncoded);
    return { base, path };
}
} // namespace

QuickLoadForm::QuickLoadForm(QWidget* parent)
    : QWidget(parent)
    , m_load(new LoadFields(LoadFields::Kind::QuickLoad, this))
{
    auto* request = new QGroupBox(tr("Request"), this);
    auto* load = new QGroupBox(tr("Load"), this);
    auto* requestForm = new QFormLayout(request);
    m_loadForm = new QFormLayout(load);
    buildRequestFields(requestForm);
    buildLoadFields(m_loadForm);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(request, 1);
    layout->addWidget(load);
    connect(m_load, &LoadFields::edited, this, &QuickLoadForm::validate);
    validate();
}

void QuickLoadForm::buildRequestFields(QFormLayout* form)
{
    m_url = lineEdit(u"http://127.0.0.1:8000/hello"_qs, u"http://127.0.0.1:8000/hello"_qs,
        tr("The URL to load: scheme, host, port, path and query. {id}, {seq} and {vu} expand in the path."));
    addRow(form, tr("&URL:"), m_url, u"url"_qs);
    m_load->addRequestRows(form, [this](auto... args) { return addRow(args...); });
    connect(m_url, &QLineEdit::textChanged, this, &QuickLoadForm::validate);
}

void QuickLoadForm::buildLoadFields(QFormLayout* form)
{
    m_transport = new QComboBox;
    m_transport->addItem(tr("Auto (socket for http, qnam for https)"), u"auto"_qs);
    m_transport->addItem(tr("socket: own HTTP/1.1 keep-alive client"), u"socket"_qs);
    m_transport->addItem(tr("qnam: QNetworkAccessManager"), u"qnam"_qs);
    m_transport->setToolTip(tr("The HTTP client the engine uses"));
    m_timeout = lineEdit(u"60s"_qs, u"60s"_qs, tr("Per-request timeout, e.g. 5s or 500ms"));
    m_threads = makeSpinBox(1, 64, tr("Worker threads the VUs are spread over"));
    m_load->addExecutorRows(form, [this](auto... args) { return addRow(args...); });
    addRow(form, tr("&Transport:"), m_transport, u"transport"_qs);
    addRow(form, tr("&Timeout:"), m_timeout, u"timeout"_qs);
    addRow(form, tr("T&hreads:"), m_threads, u"threads"_qs);
    connect(m_timeout, &QLineEdit::textChanged, this, &QuickLoadForm::validate);
    connect(m_threads, &QSpinBox::valueChanged, this, &QuickLoadForm::validate);
    connect(m_transport, &QComboBox::currentIndexChanged, this, &QuickLoadForm::validate);
}

QWidget* QuickLoadForm::addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key)
{
    QLabel* error = makeErrorLabel(this);
    QWidget* row = withErrorLabel(field, error);
    form->addRow(label, row);
    m_errors.insert(key, error);
    m_fields.insert(key, field);
    m_rows.insert(key, row);
    return row;
}

ExecutorKind QuickLoadForm::executor() const
{
    return m_load->executor();
}

QString QuickLoadForm::fieldError(const QString& key) const
{
    if (key == u"url") {
        const QString text = m_url->text().trimmed();
        if (text.isEmpty())
            return tr("Enter the URL to load, e.g. http://127.0.0.1:8000/hello");
        const QUrl url = QUrl::fromUserInput(text);
        if (!url.isValid() || url.host().isEmpty())
            return tr("Not a valid URL");
        if (url.scheme() != u"http" && url.scheme() != u"https")
            return tr("Use http:// or https://");
        return {};
    }
    if (key == u"method") {
        const QString m = m_load->method()->currentText().trimmed();
        static const QRegularExpression Token(u"^[A-Za-z]+$"_qs);
        return Token.match(m).hasMatch() ? QString() : tr("A method is letters only, e.g. GET");
    }
    if (key == u"headers") {
        Headers h;
        QString error;
        return parseHeaderLines(m_load->headers()->toPlainText(), &h, &error) ? QString() : error;
    }
    if (key == u"body")
        return m_load->body()->isValid() ? QString() : tr("Not valid JSON (see above)");
    std::chrono::milliseconds d {};
    if (key == u"duration" && m_loadForm->isRowVisible(m_rows.value(key))) {
        if (!parseDuration(m_load->duration()->text().trimmed(), &d) || d.count() <= 0)
            return tr("A duration such as 10s, 500ms or 1m30s");
    }
    if (key == u"timeout") {
        if (!parseDuration(m_timeout->text().trimmed(), &d) || d.count() <= 0)
            return tr("A duration such as 60s or 500ms");
    }
    if (key == u"iterations" && executor() == ExecutorKind::SharedIterations
        && m_load->iterations()->value() < m_load->vus()->value())
        return tr("At least one request per VU (%1)").arg(m_load->vus()->value());
    if (key == u"maxVus" && m_load->maxVus()->value() != 0
        && m_load->maxVus()->value() < m_load->vus()->value())
        return tr("At least the VUs (%1), or 0 for twice that").arg(m_load->vus()->value());
    if (key == u"transport" && m_transport->currentData().toString() == u"socket"
        && QUrl::fromUserInput(m_url->text().trimmed()).scheme() == u"https")
        return tr("The socket transport speaks plain http; use qnam for https");
    return {};
}

void QuickLoadForm::validate()
{
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        // The body editor shows its own syntax error in place.
        const QString error = it.key() == u"body" ? QString() : fieldError(it.key());
        setFieldError(m_fields.value(it.key()), it.value(), error);
    }
    Q_EMIT changed();
}

bool QuickLoadForm::isValid() const
{
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        if (!fieldError(it.key()).isEmpty())
            return false;
    return true;
}

std::optional<LoadSpec> QuickLoadForm::spec(QString* error) const
{
    for (const QString& key : { u"url"_qs, u"method"_qs, u"headers"_qs, u"body"_qs, u"duration"_qs,
             u"iterations"_qs, u"maxVus"_qs, u"transport"_qs, u"timeout"_qs }) {
        if (const QString e = fieldError(key); !e.isEmpty()) {
            if (error)
                *error = e;
            return std::nullopt;
        }
    }
    LoadSpec s;
    std::tie(s.baseUrl, s.request.path) = splitUrl(m_url->text());
    s.request.method = m_load->method()->currentText().trimmed().toUpper().toLatin1();
    parseHeaderLines(m_load->headers()->toPlainText(), &s.request.headers, nullptr);
    s.request.body = m_load->body()->text().trimmed().toUtf8();
    const bool hasContentType = std::any_of(s.request.headers.cbegin(), s.request.headers.cend(),
        [](const auto& h) { return h.first.compare("content-type", Qt::CaseInsensitive) == 0; });
    if (!s.request.body.isEmpty() && !hasContentType)
        s.request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    s.executor = executor();
    s.vus = m_load->vus()->value();
    s.threads = m_threads->value();
    parseDuration(m_timeout->text().trimmed(), &s.timeout);
    const ExecutorTraits& traits = traitsOf(s.executor);
    if (traits.timed)
        parseDuration(m_load->duration()->text().trimmed(), &s.duration);
    else
        s.iterations = m_load->iterations()->value();
    if (traits.arrival) {
        s.rate = m_load->rate()->value();
        s.preAllocatedVus = s.vus;
        s.maxVus = m_load->maxVus()->value() > 0 ? m_load->maxVus()->value() : 2 * s.vus;
    }
    const QString transport = m_transport->currentData().toString();
    const QString t
        = transport == u"auto" ? (s.baseUrl.scheme() == u"https" ? u"qnam"_qs : u"socket"_qs) : transport;
    parseTransport(t, &s.transport);
    if (const QStringList problems = s.validate(); !problems.isEmpty()) {
        if (error)
            *error = problems.first();
        return std::nullopt;
    }
    return s;
}

void QuickLoadForm::setUrl(const QString& url)
{
    m_url->setText(url);
}
void QuickLoadForm::setMethod(const QString& method)
{
    m_load->method()->setCurrentText(method);
}
void QuickLoadForm::setBody(const QString& body)
{
    m_load->body()->setText(body);
    validate();
}
void QuickLoadForm::setHeaders(const QString& lines)
{
    m_load->headers()->setPlainText(lines);
}
void QuickLoadForm::setExecutor(ExecutorKind executor)
{
    m_load->setExecutor(executor);
}
void QuickLoadForm::setVus(int vus)
{
    m_load->vus()->setValue(vus);
}
void QuickLoadForm::setDuration(const QString& duration)
{
    m_load->duration()->setText(duration);
}
void QuickLoadForm::setIterations(int iterations)
{
    m_load->iterations()->setValue(iterations);
}
void QuickLoadForm::setRate(double rate)
{
    m_load->rate()->setValue(rate);
}
void QuickLoadForm::setTransport(const QString& transport)
{
    const int i = m_transport->findData(transport);
    if (i >= 0)
        m_transport->setCurrentIndex(i);
}
void QuickLoadForm::setTimeout(const QString& timeout)
{
    m_timeout->setText(timeout);
}
void QuickLoadForm::setThreads(int threads)
{
    m_threads->setValue(threads);
}

void QuickLoadForm::saveSettings() const
{
    QVariantMap m;
    m.insert(u"url"_qs, m_url->text());
    m.insert(u"method"_qs, m_load->method()->currentText());
    m.insert(u"headers"_qs, m_load->headers()->toPlainText());
    m.insert(u"body"_qs, m_load->body()->text());
    m.insert(u"executor"_qs, m_load->executorBox()->currentData());
    m.insert(u"vus"_qs, m_load->vus()->value());
    m.insert(u"duration"_qs, m_load->duration()->text());
    m.insert(u"iterations"_qs, m_load->iterations()->value());
    m.insert(u"rate"_qs, m_load->rate()->value());
    m.insert(u"maxVus"_qs, m_load->maxVus()->value());
    m.insert(u"transport"_qs, m_transport->currentData());
    m.insert(u"timeout"_qs, m_timeout->text());
    m.insert(u"threads"_qs, m_threads->value());
    QSettings().setValue(SettingsKeys::QuickLoadForm, m);
}

void QuickLoadForm::restoreSettings()
{
    const QVariantMap m = QSettings().value(SettingsKeys::QuickLoadForm).toMap();
    if (m.isEmpty())
        return;
    setUrl(m.value(u"url"_qs).toString());
    setMethod(m.value(u"method"_qs).toString());
    setHeaders(m.value(u"headers"_qs).toString());
    setBody(m.value(u"body"_qs).toString());
    setExecutor(ExecutorKind(m.value(u"executor"_qs).toInt()));
    setVus(m.value(u"vus"_qs).toInt());
    setDuration(m.value(u"duration"_qs).toString());
    setIterations(m.value(u"iterations"_qs).toInt());
    setRate(m.value(u"rate"_qs).toDouble());
    m_load->maxVus()->setValue(m.value(u"maxVus"_qs).toInt());
    setTransport(m.value(u"transport"_qs).toString());
    setTimeout(m.value(u"timeout"_qs).toString());
    setThreads(m.value(u"threads"_qs).toInt());
}
