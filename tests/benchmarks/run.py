"""`make bench`: run the benchmarks that exist and write their figures to var/bench.json."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "var" / "bench.json"


def main() -> int:
    # Benchmarks are added here as the exam engine, analytics and pages land; each writes one top-level key.
    results: dict[str, Any] = {
        "machine": {"python": sys.version.split()[0], "system": platform.system(), "cpus": os.cpu_count()},
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
