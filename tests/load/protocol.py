"""What the load client reads from the real pages, kept apart from locust so tests can check it without gevent."""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SAVE_URL = re.compile(r'data-save-url="([^"]+)"')
CHOICE = re.compile(r'name="q-(\d+)" value="(\d+)"')
ATTEMPT_URL = re.compile(r"/exams/attempts/(\d+)/")


def csrf_token(html: str) -> str | None:
    match = CSRF_FIELD.search(html)
    return match.group(1) if match else None


def attempt_id_from(location: str) -> int | None:
    match = ATTEMPT_URL.search(location)
    return int(match.group(1)) if match else None


@dataclass
class AttemptPage:
    save_url: str
    csrf: str
    choices: dict[int, list[int]] = field(default_factory=dict)


def attempt_page(html: str) -> AttemptPage | None:
    """The save URL, the form's CSRF token and each multiple-choice question's shown choices, as attempt.js sees them."""
    url, token = SAVE_URL.search(html), csrf_token(html)
    if url is None or token is None:
        return None
    page = AttemptPage(save_url=url.group(1), csrf=token)
    for position, value in CHOICE.findall(html):
        page.choices.setdefault(int(position), []).append(int(value))
    return page


def next_seq(previous: int | None) -> int:
    """attempt.js: Math.max(Date.now(), last + 1), so a later answer to the same question always wins."""
    return max(int(time.time() * 1000), (previous or 0) + 1)


def signed_in(status: int, location: str, next_path: str) -> bool:
    """allauth answers a good sign-in with a redirect to `next`; a refusal (wrong password, rate limit) is a page."""
    return status in (301, 302, 303) and location.split("?", 1)[0].endswith(next_path)


ALERT = re.compile(r'role="alert">\s*<p>([^<]{0,200})</p>')


def refusal(html: str) -> str:
    """The message a refused sign-in shows (the form's first error), or an empty string."""
    match = ALERT.search(html)
    return match.group(1).strip() if match else ""


@dataclass(frozen=True)
class Step:
    """One thing an examinee does after a pause: answer (or re-answer) a question, flag it, or reload the page."""

    kind: str  # "answer", "change", "flag" or "reload"
    position: int
    pause_s: float


def human_steps(
    positions: list[int],
    rng: random.Random,
    *,
    pause_s: tuple[float, float] = (6.0, 14.0),
    change_rate: float = 0.12,
    flag_rate: float = 0.08,
    reload_rate: float = 0.02,
) -> list[Step]:
    """A person's way through the paper: every question answered in order, one answer every 6–14 s; now and then
    an earlier answer changed (a pause of its own), a question flagged right after answering it, the page reloaded.
    """
    low, high = pause_s
    steps: list[Step] = []
    for index, position in enumerate(positions):
        steps.append(Step("answer", position, rng.uniform(low, high)))
        if rng.random() < flag_rate:
            steps.append(Step("flag", position, 0.0))
        if index and rng.random() < change_rate:
            steps.append(Step("change", rng.choice(positions[:index]), rng.uniform(low, high)))
        if rng.random() < reload_rate:
            steps.append(Step("reload", position, rng.uniform(1.0, 3.0)))
    return steps


def other_choice(choices: list[int], current: object, rng: random.Random) -> int:
    """A change of mind: a different shown choice from the one given (the same one if there is only one)."""
    others = [c for c in choices if c != current]
    return rng.choice(others or choices)


def arrivals(n: int, lobby_s: float, rng: random.Random, *, last_s: float = 10.0) -> list[float]:
    """Seconds after the lobby opens at which each examinee reaches the sign-in page: spread over the lobby,
    the last of them `last_s` before the doors open (a room fills up, it does not arrive in one burst)."""
    span = max(lobby_s - last_s, 0.0)
    return [round(rng.uniform(0.0, span), 3) for _ in range(n)]


class CpuWindows:
    """The load generator's own CPU per burst: process CPU seconds from the burst's first request sent to its last
    one answered, whatever else the process did meanwhile (the attempt pages and results loaded by those already
    through are part of the generator's share of a burst)."""

    def __init__(self, clock: Callable[[], float] = time.process_time) -> None:
        self.clock = clock
        self.first_sent: dict[str, float] = {}
        self.last_answered: dict[str, float] = {}

    def sent(self, name: str) -> None:
        self.first_sent.setdefault(name, self.clock())

    def answered(self, name: str) -> None:
        self.last_answered[name] = self.clock()

    def seconds(self) -> dict[str, float]:
        return {
            name: round(self.last_answered[name] - first, 3)
            for name, first in self.first_sent.items()
            if name in self.last_answered
        }


def server_cpu_s(root_pid: int, database: str, proc: Path = Path("/proc")) -> dict[str, dict[int, float]]:
    """CPU seconds (user + system) so far of the server's processes on this machine, by pid: `server` is the
    process `root_pid` and its descendants (gunicorn's master and workers), `database` the PostgreSQL backends
    connected to `database` (their process title names it). `cpu_spent` of two readings is what happened between."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    backends: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            pid = int(entry.name)
            parents[pid], used[pid] = int(rest[1]), (int(rest[11]) + int(rest[12])) / ticks
            if comm.startswith("postgres") and f" {database} " in (entry / "cmdline").read_text().replace(
                "\0", " "
            ):
                backends.append(pid)
        except (OSError, ValueError, IndexError):
            continue  # a process that ended while being read
    family, frontier = {root_pid}, [root_pid]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in family]
        family.update(children)
        frontier = children
    return {
        "server": {pid: used[pid] for pid in family if pid in used},
        "database": {pid: used[pid] for pid in backends},
    }


def cpu_spent(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    """CPU seconds per side between two `server_cpu_s` readings: a process started meanwhile counts whole; one that
    ended meanwhile (a database connection closed at its age limit) is left out, its last moments with it."""
    return {
        side: round(sum(seconds - before.get(side, {}).get(pid, 0.0) for pid, seconds in now.items()), 3)
        for side, now in after.items()
    }
