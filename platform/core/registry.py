"""A tiny keyed registry: apps add entries in `AppConfig.ready`, so registering twice (tests, autoreload) is harmless."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, T] = {}

    def add(self, key: str, entry: T) -> None:
        # The same key again replaces the entry: ready() may run more than once in one process.
        self._entries[key] = entry

    def remove(self, key: str) -> None:
        self._entries.pop(key, None)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)
