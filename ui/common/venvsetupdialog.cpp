#include "venvsetupdialog.h"

#include "stacks/venvsetup.h"
#include "uiutil.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

VenvSetupDialog::VenvSetupDialog(const QString& venv, QWidget* parent)
    : QDialog(parent)
    , m_setup(new VenvSetup(this))
    , m_status(new QLabel)
    , m_busy(new QProgressBar)
    , m_log(new QPlainTextEdit)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Setting up the stacks' Python environment"));
    m_status->setWordWrap(true);
    m_status->setText(
        tr("Creating %1 from the pinned requirements; this downloads the frameworks once and takes a "
           "minute or two.")
            .arg(QDir::toNativeSeparators(venv)));
    m_busy->setRange(0, 0);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setMinimumSize(640, 260);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_busy);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_buttons);
    m_clock.start();
    auto* tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] {
        m_busy->setFormat(tr("%1 s").arg(m_clock.elapsed() / 1000));
        m_busy->setTextVisible(true);
    });
    tick->start(1000);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &VenvSetupDialog::reject);
    connect(m_setup, &VenvSetup::progress, m_log, &QPlainTextEdit::appendPlainText);
    connect(m_setup, &VenvSetup::finished, this, [this, tick](const QString& error) {
        tick->stop();
        m_busy->setRange(0, 1);
        m_busy->setValue(1);
        m_error = error;
        if (error.isEmpty()) {
            accept();
            return;
        }
        m_status->setText(tr("The environment could not be set up: %1").arg(error));
        UiUtil::setFieldError(nullptr, m_status, m_status->text());
        m_buttons->setStandardButtons(QDialogButtonBox::Close);
    });
    QTimer::singleShot(0, this, [this, venv] { m_setup->start(venv); });
}

VenvSetupDialog::~VenvSetupDialog()
{
    m_setup->disconnect(this); // a setup still running must not call back into a half-destroyed dialog
    m_setup->cancel();
}

void VenvSetupDialog::reject()
{
    if (m_setup->isRunning()) {
        m_setup->cancel(); // finished() follows with "cancelled", and the dialog stays to show it
        return;
    }
    QDialog::reject();
}

bool VenvSetupDialog::venvExists(const QString& venv)
{
    return QFileInfo(venv + u"/bin/python"_qs).isExecutable();
}
