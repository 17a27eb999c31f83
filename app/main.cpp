#include "commands.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>
#include <memory>

int runGui(QApplication& app, const QString& path); // gui.cpp

namespace {
QList<Command>& registry()
{
    static QList<Command> list;
    return list;
}

void printHelp()
{
    QTextStream out(stdout);
    out << "Usage: stackbench [COMMAND] [OPTIONS]\n       stackbench [PLAN.json | RESULTS_DIR]\n\n"
        << "Without a command, opens the desktop workbench (with the plan or results folder given).\n\n"
        << "Commands:\n";
    for (const auto& c : commands())
        out << "  " << c.name.leftJustified(15) << c.synopsis << '\n';
    out << "\nRun `stackbench COMMAND --help` for its options.\n";
}

const Command* find(const QString& name)
{
    for (const auto& c : commands())
        if (c.name == name)
            return &c;
    return nullptr;
}
} // namespace

bool registerCommand(Command command)
{
    registry().append(std::move(command));
    return true;
}

const QList<Command>& commands()
{
    return registry();
}

int usageError(const QString& message)
{
    QTextStream(stderr) << "stackbench: " << message << '\n';
    return 2;
}

int failure(const QString& message)
{
    QTextStream(stderr) << "stackbench: " << message << '\n';
    return 1;
}

std::pair<int, int> parsePartOf(const QString& text, int maxN)
{
    const QStringList kn = text.split(u'/');
    bool okK = false, okN = false;
    const int k = kn.size() == 2 ? kn[0].toInt(&okK) : 0;
    const int n = kn.size() == 2 ? kn[1].toInt(&okN) : 0;
    if (!okK || !okN || n < 1 || n > maxN || k < 1 || k > n)
        return { 0, 0 };
    return { k, n };
}

QString parseArguments(QCommandLineParser& parser, const QString& name, const QStringList& args)
{
    if (!parser.parse(QStringList { u"stackbench "_qs + name } + args))
        return parser.errorText();
    if (parser.isSet(u"help"_qs)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        std::exit(0);
    }
    return {};
}

void StackOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({
        { u"manifest"_qs, u"Stack manifest (default: resources/stacks/stacks.json)."_qs, u"FILE"_qs },
        { u"trust"_qs, u"Approve the commands of a --manifest from elsewhere (remembered by file hash)."_qs },
    });
    if (seeding == Seeding::Yes)
        parser.addOptions({
            { u"count"_qs, u"Records to seed (default 1500)."_qs, u"N"_qs, u"1500"_qs },
            { u"ready-timeout"_qs, u"Seconds to wait for GET /hello (default 30)."_qs, u"S"_qs, u"30"_qs },
        });
}

QString StackOptions::read(const QCommandLineParser& parser)
{
    manifestPath = parser.value(u"manifest"_qs);
    trust = parser.isSet(u"trust"_qs);
    if (seeding == Seeding::Yes) {
        bool ok = false;
        count = parser.value(u"count"_qs).toLongLong(&ok);
        if (!ok || count < 0)
            return u"--count must be a non-negative integer"_qs;
        const double seconds = parser.value(u"ready-timeout"_qs).toDouble(&ok);
        if (!ok || seconds <= 0)
            return u"--ready-timeout must be a positive number of seconds"_qs;
        readyTimeout = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    return {};
}

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Stackbench"));
    QCoreApplication::setApplicationName(QStringLiteral("stackbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STACKBENCH_VERSION));

    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (first == u"--help" || first == u"-h" || first == u"help") {
        printHelp();
        return 0;
    }
    if (first == u"--version") {
        std::printf("stackbench %s\n", STACKBENCH_VERSION);
        return 0;
    }
    const Command* command = first.isEmpty() || first.startsWith(u'-') ? nullptr : find(first);
    const bool path = !command && !first.isEmpty() && QFileInfo::exists(first);
    if (!command && !path && !first.isEmpty() && !first.startsWith(u'-')) {
        printHelp();
        return usageError(u"unknown command '"_qs + first + u"'"_qs);
    }
    if (!command) {
        QApplication app(argc, argv);
        return runGui(app, path ? first : QString());
    }

    QStringList args;
    for (int i = 2; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    std::unique_ptr<QCoreApplication> app;
    if (command->needsGui) {
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    return command->run(args);
}
