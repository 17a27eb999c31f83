#include "mainwindow.h"

#include <QApplication>
#include <cstdio>

// The desktop workbench (issue 5): shown when stackbench runs without a command. `path`, when given,
// is a results folder or a plan to open (the desktop entry's %f).
int runGui(QApplication& app, const QString& path)
{
    MainWindow window;
    window.restoreSession();
    if (!path.isEmpty() && !window.openPath(path))
        std::fprintf(stderr, "stackbench: %s is neither a results folder nor a plan\n", qPrintable(path));
    window.show();
    return app.exec();
}
