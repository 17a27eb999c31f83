#pragma once

#include <QObject>

/// Turns SIGINT/SIGTERM into a Qt signal delivered in the main thread (self-pipe + QSocketNotifier),
/// so Ctrl-C can stop a run cleanly instead of killing the process mid-write.
/// A second Ctrl-C while the first is being handled exits at once.
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject* parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted(int signalNumber);
};
