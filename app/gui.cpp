#include <QApplication>
#include <QLabel>

// Replaced by the workbench's MainWindow (issue 5).
int runGui(QApplication& app)
{
    QLabel label(QStringLiteral("Stackbench"));
    label.show();
    return app.exec();
}
