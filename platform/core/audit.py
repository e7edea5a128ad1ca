"""Core's way to write an audit row without importing accounts: accounts plugs its `audit_record` in at ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_writer: Callable[..., Any] | None = None


def register_audit_writer(writer: Callable[..., Any]) -> None:
    global _writer
    _writer = writer


def audit(**kwargs: Any) -> None:
    """Same keywords as `accounts.services.audit_record`; refuses to drop the row silently if nobody plugged in."""
    if _writer is None:
        raise RuntimeError("no audit writer registered (accounts registers one in its AppConfig.ready)")
    _writer(**kwargs)
