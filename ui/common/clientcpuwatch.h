#pragma once

/// Decides when to warn that the client itself may be the bottleneck. One 250 ms window can read
/// high on its own (a window cut short at the end of a load, a burst while a scenario starts), so
/// only two windows in a row above the threshold count.
class ClientCpuWatch
{
public:
    static constexpr double ThresholdPercent = 80.0; ///< of one core

    /// Feeds one window's client CPU; true when the warning should show.
    bool add(double percentOfCore)
    {
        m_high = percentOfCore > ThresholdPercent ? m_high + 1 : 0;
        return m_high >= 2;
    }
    void reset() { m_high = 0; }

private:
    int m_high = 0;
};
