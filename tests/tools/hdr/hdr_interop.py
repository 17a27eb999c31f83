#!/usr/bin/env python3
"""Checks Stackbench's HdrHistogram encoding against HdrHistogram_py, an independent implementation.

    hdr_interop.py decode CASES.json   decodes the strings Stackbench wrote; compares with its figures
    hdr_interop.py encode OUT.json     writes strings for Stackbench to decode, with this side's figures

Run by tests/unit/hdrinterop_test.cpp with the venv of tests/tools/hdr/setup.sh. A case is
{"name", "hdr", "count", "buckets": [[lowest value, count], ...], "percentiles": {"50": us, ...},
"min", "max", "mean"}. Each side reports a different value inside a bucket (HdrHistogram_py its
highest, Stackbench its middle), so values are compared by bucket (lowest equivalent value). Totals
are multiples of 1000, where HdrHistogram_py's rank (rounded) and Stackbench's (rounded up) agree for
p50..p99.9. Exits 1 on any difference, after printing every case with both sides' numbers.
"""
import json
import random
import sys

from hdrh.histogram import HdrHistogram

LOWEST, HIGHEST, DIGITS = 1, 60_000_000, 3
QUANTILES = ["50", "90", "99", "99.9"]


def figures(h):
    """What the other side compares: every non-empty bucket, the total and the percentiles."""
    buckets = [[h.get_value_from_index(i), h.get_count_at_index(i)]
               for i in range(h.counts_len) if h.get_count_at_index(i)]
    return {"count": h.get_total_count(), "buckets": buckets,
            "percentiles": {q: h.get_value_at_percentile(float(q)) for q in QUANTILES},
            "min": h.get_min_value(), "max": h.get_max_value(), "mean": h.get_mean_value()}


def compare(h, ours, theirs):
    """Differences between Stackbench's figures (ours) and HdrHistogram_py's (theirs), as sentences."""
    same = h.values_are_equivalent
    problems = []
    if ours["count"] != theirs["count"]:
        problems.append("total %d vs %d" % (ours["count"], theirs["count"]))
    if [list(b) for b in ours["buckets"]] != [list(b) for b in theirs["buckets"]]:
        problems.append("the bucket counts differ")
    for q in QUANTILES:
        if not same(ours["percentiles"][q], theirs["percentiles"][q]):
            problems.append("p%s %d vs %d" % (q, ours["percentiles"][q], theirs["percentiles"][q]))
    for key in ("min", "max"):
        if not same(ours[key], theirs[key]):
            problems.append("%s %d vs %d" % (key, ours[key], theirs[key]))
    if abs(ours["mean"] - theirs["mean"]) > 0.001 * theirs["mean"] + 1:
        problems.append("mean %.3f vs %.3f" % (ours["mean"], theirs["mean"]))
    return problems


def line(name, side, f):
    p = f["percentiles"]
    return "%-10s %-12s count %9d  p50 %9d  p90 %9d  p99 %9d  p99.9 %9d  min %9d  max %9d  mean %12.3f" % (
        name, side, f["count"], p["50"], p["90"], p["99"], p["99.9"], f["min"], f["max"], f["mean"])


def decode(path):
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    failed = 0
    for case in cases:
        h = HdrHistogram.decode(case["hdr"])
        theirs = figures(h)
        print(line(case["name"], "stackbench", case))
        print(line(case["name"], "hdrh (py)", theirs))
        problems = compare(h, case, theirs)
        if problems:
            failed += 1
            print("  MISMATCH: " + "; ".join(problems))
    print("%d of %d decoded the same" % (len(cases) - failed, len(cases)))
    return 1 if failed or not cases else 0


def distributions():
    """Seeded samples, each a multiple of 1000 values (see the module's note on ranks)."""
    rng = random.Random(20260412)
    clamp = lambda v: min(HIGHEST, max(LOWEST, int(v)))
    yield "lognormal", [clamp(rng.lognormvariate(7.6, 0.8)) for _ in range(20000)]
    yield "bimodal", [clamp(rng.gauss(800, 60) if rng.random() < 0.9 else rng.gauss(45000, 5000))
                      for _ in range(10000)]
    yield "wide", [clamp(10 ** rng.uniform(0, 7.77)) for _ in range(5000)]
    yield "single", [1500] * 1000


def encode(path):
    cases = []
    for name, values in distributions():
        h = HdrHistogram(LOWEST, HIGHEST, DIGITS)
        for v in values:
            h.record_value(v)
        case = {"name": name, "hdr": h.encode().decode("ascii")}
        case.update(figures(h))
        cases.append(case)
    # A 5-byte varint, and a count past 2**62: its 9th varint byte uses all 8 bits (below 2**62
    # HdrHistogram's LEB128-64b9B and plain LEB128 write the same bytes).
    heavy = HdrHistogram(LOWEST, HIGHEST, DIGITS)
    heavy.record_value(2500, 3_000_000_000)
    heavy.record_value(59_000_000, 2 ** 62 + 7)
    cases.append(dict(name="heavy", hdr=heavy.encode().decode("ascii"), **figures(heavy)))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1)
    for case in cases:
        print(line(case["name"], "hdrh (py)", case))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("decode", "encode"):
        sys.exit(__doc__)
    sys.exit(decode(sys.argv[2]) if sys.argv[1] == "decode" else encode(sys.argv[2]))
