#pragma once

#include "stacks/conformance.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QStringList>
#include <functional>

class StackProcess;

/// What checking one stack found: a manifest stack started, seeded, checked against the API
/// contract and stopped, or an external target checked as it is. `stackbench verify` prints and
/// writes it, the Run page's Verify logs it, and a study keeps each stack's problems with its results.
struct StackCheck
{
    QString target; ///< the stack's name, or the URL of an external target
    QString error; ///< it could not be started or seeded, or it crashed; empty otherwise
    double readySeconds = -1; ///< from launch to the first 200 on GET /hello; -1 when not started
    double seedSeconds = -1; ///< -1 when not seeded
    QStringList command; ///< the command line that ran (manifest stacks)
    QString logPath; ///< the stack's log (manifest stacks)
    ConformanceReport report; ///< no checks when it never got that far

    bool passed() const { return error.isEmpty() && report.passed(); }
    /// One line per problem: the error, then "check: reason" for each failed check.
    QStringList problems() const;
    /// `stackbench verify --json`'s object for one stack (README, "verify --json").
    QJsonObject toJson() const;
};

/// "name: reason" for every failed check of @p report.
QStringList conformanceProblems(const ConformanceReport& report);

/// Where checkStack() is, for a caller that tells its user as it goes.
enum class StackCheckStep {
    Started, ///< the stack answers (or failed to start: check.error says why)
    Seeded, ///< the records are in (or seeding failed)
    Checked, ///< the conformance check ran
};

/// Starts @p process, seeds it with @p seedCount records, runs the conformance check against it and
/// stops it again, whatever happened. @p onStep hears each step with the findings so far; @p cancelled
/// is asked between steps, and a cancelled check stops the stack and returns what it found.
/// The caller owns @p process (so it can kill it from outside) and keeps it alive until this returns.
QCoro::Task<StackCheck> checkStack(StackProcess& process, qint64 seedCount, ConformanceOptions options,
    std::function<void(StackCheckStep, const StackCheck&)> onStep = {}, std::function<bool()> cancelled = {});
/// A target that already runs and is seeded (an external URL, or a stack a study brought up): the
/// conformance check only. The check is named by options.target, or else by the URL.
QCoro::Task<StackCheck> checkTarget(QUrl url, ConformanceOptions options);
