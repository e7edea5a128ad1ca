"""The demo-seeder registry: each app registers the seeder for its own demo data, naming the seeders it needs first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from .registry import Registry


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    seed: Callable[[], object]
    after: frozenset[str]
    order: (
        int  # among seeders whose dependencies are done, the lower order runs first (a stable, readable log)
    )


SEEDERS: Registry[DemoSeeder] = Registry("demo seeder")


def register_demo_seeder(
    name: str, seed: Callable[[], object], *, after: Iterable[str] = (), order: int = 100
) -> None:
    """`seed()` must be idempotent: `seed_demo` runs every seeder on every call."""
    SEEDERS.add(name, DemoSeeder(name, seed, frozenset(after), order))


def demo_seeders() -> list[DemoSeeder]:
    """Every registered seeder, each after the ones it names; refuses an unknown name or a cycle."""
    by_name = {s.name: s for s in SEEDERS}
    for seeder in by_name.values():
        missing = seeder.after - by_name.keys()
        if missing:
            raise ImproperlyConfigured(f"Demo seeder {seeder.name!r} runs after unknown {sorted(missing)}")
    done: list[DemoSeeder] = []
    names: set[str] = set()
    while len(done) < len(by_name):
        ready = [s for s in by_name.values() if s.name not in names and s.after <= names]
        if not ready:
            left = sorted(by_name.keys() - names)
            raise ImproperlyConfigured(f"Demo seeders depend on each other in a circle: {left}")
        first = min(ready, key=lambda s: (s.order, s.name))
        done.append(first)
        names.add(first.name)
    return done
