#include "manifestapprovaldialog.h"

#include "stacks/stackmanifest.h"
#include "stacks/truststore.h"
#include "uiutil.h"

#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QStyle>
#include <QVBoxLayout>

QString ManifestReview::sizeProblem(const QString& path)
{
    const qint64 size = QFileInfo(path).size();
    if (size <= MaxBytes)
        return {};
    return QObject::tr("%1 is %2 MB, far too large for a stack manifest")
        .arg(QDir::toNativeSeparators(path))
        .arg(double(size) / (1 << 20), 0, 'f', 1);
}

ManifestReview ManifestReview::of(const QString& path)
{
    ManifestReview r;
    r.path = QFileInfo(path).absoluteFilePath();
    if (const QString problem = sizeProblem(r.path); !problem.isEmpty()) {
        r.errors << problem;
        return r;
    }
    QFile f(r.path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.errors << QObject::tr("cannot read %1: %2").arg(QDir::toNativeSeparators(r.path), f.errorString());
        return r;
    }
    const QByteArray bytes = f.readAll();
    r.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    const auto manifest = StackManifest::parse(bytes, QFileInfo(r.path).absolutePath(), &r.errors);
    if (manifest)
        r.commands = TrustStore::describeCommands(*manifest);
    return r;
}

using namespace UiUtil;

namespace {
QLabel* selectable(const QString& text, bool monospace = false)
{
    auto* label = new QLabel(text);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(!monospace);
    if (monospace)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}
} // namespace

ManifestApprovalDialog::ManifestApprovalDialog(
    const ManifestReview& review, const QString& approveText, QWidget* parent)
    : QDialog(parent)
    , m_review(review)
{
    setObjectName(u"manifestApprovalDialog"_qs);
    setWindowTitle(tr("Approve stack manifest?"));

    auto* icon = new QLabel;
    const int extent = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(extent, extent));
    icon->setAlignment(Qt::AlignTop);
    auto* heading = new QLabel(tr("<b>This stack manifest has not been approved on this computer.</b>"));
    auto* warning
        = new QLabel(tr("Approving lets Stackbench run the programs below, as you, whenever a study or a "
                        "verification uses this manifest. Approve only a file you trust and whose "
                        "commands you have read."));
    warning->setWordWrap(true);

    auto* file = selectable(QDir::toNativeSeparators(review.path));
    file->setObjectName(u"manifestPath"_qs);
    file->setToolTip(tr("The manifest file that asks to be trusted"));
    auto* hash = selectable(QString::fromLatin1(review.sha256), true);
    hash->setObjectName(u"manifestSha256"_qs);
    hash->setToolTip(tr("The approval is remembered for exactly these bytes: any edit asks again"));
    auto* commands = new QPlainTextEdit(review.commands.join(u'\n'));
    commands->setObjectName(u"manifestCommands"_qs);
    commands->setReadOnly(true);
    commands->setLineWrapMode(QPlainTextEdit::NoWrap);
    commands->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commands->setToolTip(
        tr("Each stack's command and the seed command, as argument lists (never run through a shell)"));
    commands->setTabChangesFocus(true);
    const int lines = std::clamp(int(review.commands.size()), 3, 12);
    commands->setMinimumHeight(commands->fontMetrics().lineSpacing() * lines + 2 * commands->frameWidth()
        + commands->horizontalScrollBar()->sizeHint().height() + 8);
    auto* placeholders = makeHintLabel(tr(
        "{venv} is %1 and {stacks} is %2; {port}, {db} and {count} are filled in for each run. Nothing runs "
        "through a shell.")
                                           .arg(QDir::toNativeSeparators(StackManifest::defaultVenv()),
                                               QDir::toNativeSeparators(
                                                   QFileInfo(review.path).absolutePath())));
    placeholders->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* run = new QWidget;
    auto* runLayout = new QVBoxLayout(run);
    runLayout->setContentsMargins(0, 0, 0, 0);
    runLayout->addWidget(commands, 1);
    runLayout->addWidget(placeholders);

    auto* details = new QFormLayout;
    details->addRow(tr("File:"), file);
    details->addRow(tr("SHA-256:"), hash);
    details->addRow(tr("It would run:"), run);

    auto* buttons = new QDialogButtonBox;
    m_approve = buttons->addButton(approveText, QDialogButtonBox::AcceptRole);
    m_approve->setObjectName(u"approve"_qs);
    m_approve->setToolTip(tr("Trust this exact file and remember it; an edited file asks again"));
    m_approve->setAutoDefault(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(u"cancel"_qs);
    m_cancel->setToolTip(tr("Run nothing from this manifest"));
    m_cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* text = new QVBoxLayout;
    text->addWidget(heading);
    text->addWidget(warning);
    text->addSpacing(6);
    text->addLayout(details, 1);
    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addSpacing(8);
    top->addLayout(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);
    // Wide enough for the longest command, within the screen.
    int longest = 0;
    for (const QString& line : review.commands)
        longest = std::max(longest, commands->fontMetrics().horizontalAdvance(line));
    const int available = screen() ? screen()->availableGeometry().width() * 9 / 10 : 1400;
    const int chrome = sizeHint().width() - commands->sizeHint().width();
    // As tall as the commands need (up to 12 lines); the user may make it larger.
    resize(std::clamp(longest + chrome + 40, 760, std::max(760, available)), minimumSizeHint().height());
    m_cancel->setFocus();
}
