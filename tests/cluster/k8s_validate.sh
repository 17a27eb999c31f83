#!/usr/bin/env bash
# Issue 17: packaging/k8s/load-job.yaml checked offline against Kubernetes' own schemas (the PyPI
# kubernetes-validate package, in a test-only venv), and for what the segments need: an Indexed Job
# with completions = parallelism and no retries.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$here/.venv-k8s"
[ -x "$venv/bin/kubernetes-validate" ] || {
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check kubernetes-validate==1.31.0 pyyaml
}
"$venv/bin/kubernetes-validate" --strict "$here/packaging/k8s/load-job.yaml"
"$venv/bin/python" - "$here/packaging/k8s/load-job.yaml" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
spec = job["spec"]
assert spec["completionMode"] == "Indexed", "segments need completion indexes"
assert spec["completions"] == spec["parallelism"], "every segment runs at once"
assert spec["backoffLimit"] == 0, "a retried segment would start late"
args = " ".join(spec["template"]["spec"]["containers"][0]["args"])
assert "JOB_COMPLETION_INDEX" in args and f"/{spec['completions']}" in args, "the segment follows the index"
print("k8s: load-job.yaml is a valid Indexed Job of", spec["completions"], "segments")
PY
