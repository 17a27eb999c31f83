#include "mainwindow.h"

#include <QApplication>

// The desktop workbench (issue 5): shown when stackbench runs without a command.
int runGui(QApplication& app)
{
    MainWindow window;
    window.restoreSession();
    window.show();
    return app.exec();
}
