"""`make lint`'s dependency audit: pip-audit over the exported uv lock, honest about missing data.

    python -m tests.security.audit_lock REQUIREMENTS_TXT

Exit 1 when pip-audit reports a known vulnerability (or fails for a reason other than the network).
When the vulnerability service cannot be reached — offline machines, or a PyPI mirror whose JSON API answers
"not found" for every package — it prints a WARNING saying how many packages were *not* audited and exits 0,
so lint still works offline; set RAMPWAY_AUDIT_STRICT=1 (CI with network) to make that a failure too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

UNREACHABLE_MARKERS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Connection refused",
    "timed out",
)


@dataclass
class Verdict:
    failed: bool
    lines: list[str] = field(default_factory=list)


def classify(report: dict[str, Any] | None, returncode: int, stderr: str) -> Verdict:
    """Turn pip-audit's JSON report (or its absence) into pass / warn / fail."""
    strict = os.environ.get("RAMPWAY_AUDIT_STRICT") == "1"
    if report is None:
        unreachable = any(marker in stderr for marker in UNREACHABLE_MARKERS)
        tail = stderr.strip().splitlines()[-1:] or ["(no output)"]
        if unreachable:
            return Verdict(strict, [f"WARNING pip-audit: vulnerability service unreachable: {tail[0]}"])
        return Verdict(True, [f"ERROR pip-audit failed (exit {returncode}): {tail[0]}"])
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    lines = [
        f"VULNERABLE {d['name']} {d.get('version', '')}: "
        + ", ".join(f"{v['id']} (fix: {', '.join(v.get('fix_versions') or ['none'])})" for v in d["vulns"])
        for d in vulnerable
    ]
    audited = len(deps) - len(skipped)
    if skipped:
        example = skipped[0]["skip_reason"]
        lines.append(
            f"WARNING pip-audit: {len(skipped)} of {len(deps)} packages NOT audited "
            f"(vulnerability data unavailable), e.g. {example!r}"
        )
    lines.append(f"pip-audit: {audited} packages audited, {len(vulnerable)} with known vulnerabilities")
    no_data = bool(deps) and audited == 0
    return Verdict(bool(vulnerable) or (strict and (no_data or bool(skipped))), lines)


def main(argv: list[str]) -> int:
    requirements = Path(argv[0])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        done = subprocess.run(  # noqa: S603 - fixed argv, our own lock export
            [
                str(Path(sys.executable).with_name("pip-audit")),
                "-r",
                str(requirements),
                "--no-deps",  # the export is the complete, pinned closure of the lock
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    verdict = classify(report, done.returncode, done.stderr)
    for line in verdict.lines:
        print(line)
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
