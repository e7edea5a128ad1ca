"""`platform/` is an import root, never a package: `import platform` must stay the standard library's."""

from __future__ import annotations

import platform
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def _is_stdlib(path: str) -> bool:
    return Path(path).resolve().parent == STDLIB


def test_under_pytest_platform_is_the_standard_library() -> None:
    assert _is_stdlib(platform.__file__)
    assert platform.system()


def test_from_the_repo_root_platform_is_the_standard_library() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import platform, config, accounts; print(platform.__file__); print(platform.system())",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert _is_stdlib(out[0])
    assert out[1] == platform.system()


def test_no_package_marker_in_platform_folder() -> None:
    assert not (REPO / "platform" / "__init__.py").exists()


def test_in_an_eager_celery_task_platform_is_the_standard_library() -> None:
    from accounts.tasks import platform_probe

    result = platform_probe.delay("t-1").get()
    assert _is_stdlib(result["module"])
    assert result["system"] == platform.system()
