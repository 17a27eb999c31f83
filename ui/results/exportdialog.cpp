#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

ExportDialog::ExportDialog(const QString& what, QWidget* parent)
    : QDialog(parent)
    , m_format(new QComboBox)
    , m_width(new QSpinBox)
    , m_height(new QSpinBox)
    , m_scale(new QDoubleSpinBox)
    , m_paper(new QCheckBox(tr("Draw the paper's reference values")))
    , m_summary(new QLabel)
{
    setWindowTitle(tr("Export %1").arg(what));
    m_format->addItem(tr("PNG image"), int(ExportFormat::Png));
    m_format->addItem(tr("SVG drawing"), int(ExportFormat::Svg));
    m_format->setToolTip(tr("PNG for slides and documents, SVG to scale without loss"));
    for (QSpinBox* box : { m_width, m_height }) {
        box->setRange(16, 20000);
        box->setSuffix(tr(" px"));
    }
    m_width->setToolTip(tr("Width in logical pixels; fonts scale with the size"));
    m_height->setToolTip(tr("Height in logical pixels"));
    m_scale->setRange(0.25, 8);
    m_scale->setSingleStep(0.5);
    m_scale->setDecimals(2);
    m_scale->setPrefix(u"× "_qs);
    m_scale->setToolTip(tr("Device pixels per logical pixel (PNG only): 2 gives a sharp image for print"));
    m_paper->setToolTip(tr("Mark each bar with the value the paper reports, where it has one"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Width:"), m_width);
    form->addRow(tr("&Height:"), m_height);
    form->addRow(tr("&Scale:"), m_scale);
    form->addRow(QString(), m_paper);
    form->addRow(QString(), m_summary);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Choose where to write, then export"));
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without exporting"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSummary);
    for (QSpinBox* box : { m_width, m_height })
        connect(box, &QSpinBox::valueChanged, this, &ExportDialog::updateSummary);
    connect(m_scale, &QDoubleSpinBox::valueChanged, this, &ExportDialog::updateSummary);
    setSettings(ExportSettings::load());
}

ExportSettings ExportDialog::settings() const
{
    ExportSettings s;
    s.format = ExportFormat(m_format->currentData().toInt());
    s.size = QSize(m_width->value(), m_height->value());
    s.scale = m_scale->value();
    s.withPaper = m_paper->isChecked();
    return s;
}

void ExportDialog::setSettings(const ExportSettings& s)
{
    m_format->setCurrentIndex(m_format->findData(int(s.format)));
    m_width->setValue(s.size.width());
    m_height->setValue(s.size.height());
    m_scale->setValue(s.scale);
    m_paper->setChecked(s.withPaper);
    updateSummary();
}

void ExportDialog::accept()
{
    settings().save();
    QDialog::accept();
}

void ExportDialog::updateSummary()
{
    const ExportSettings s = settings();
    m_scale->setEnabled(s.format == ExportFormat::Png);
    if (s.format == ExportFormat::Png)
        m_summary->setText(tr("%1 × %2 pixels")
                               .arg(qRound(s.size.width() * s.scale))
                               .arg(qRound(s.size.height() * s.scale)));
    else
        m_summary->setText(tr("A %1 × %2 vector drawing").arg(s.size.width()).arg(s.size.height()));
}
