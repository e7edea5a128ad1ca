"""A synchronized certification event: every examinee opens the exam at once, autosaves each answer, submits.

Driven by tests/benchmarks/event.py (``make bench``); it can also run on its own against a prepared server:

    BENCH_PLAN=var/bench/plan.json BENCH_OUT=var/bench/locust-exam.json \
        locust -f tests/load/locustfile.py --headless -u 300 -r 100 -H http://127.0.0.1:8100

The plan file (written by the benchmark) holds one logged-in session per examinee and the exam's slug.
``BENCH_MODE=floor`` sends the same answers to the bench-only floor endpoint instead (no start, no submit).

The client follows attempt.js: per-question sequence numbers ``max(now in ms, last + 1)``, an answer stays in a
local buffer until the server acknowledges a sequence at least as new, and the buffer is replayed before submit.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any

import gevent
from gevent.event import Event
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

from tests.load.protocol import attempt_id_from, attempt_page, csrf_token, next_seq

PLAN: dict[str, Any] = (
    json.loads(Path(os.environ["BENCH_PLAN"]).read_text()) if os.environ.get("BENCH_PLAN") else {}
)
MODE = os.environ.get("BENCH_MODE", "exam")
OUT = os.environ.get("BENCH_OUT", "")
SYNC_TIMEOUT = float(os.environ.get("BENCH_SYNC_TIMEOUT", "300"))
REPLAYS = 5


class Barrier:
    """Everyone waits until every examinee still in the event has arrived (or the timeout)."""

    def __init__(self) -> None:
        self.arrived = 0
        self.event = Event()
        self.released_at: float | None = None

    def check(self) -> None:
        if not self.event.is_set() and self.arrived + STATE["dropped"] >= STATE["expected"]:
            self.released_at = time.time()
            self.event.set()

    def wait(self) -> None:
        self.arrived += 1
        self.check()
        if not self.event.wait(SYNC_TIMEOUT) and self.released_at is None:
            self.released_at = time.time()
            self.event.set()


STATE: dict[str, Any] = {"expected": len(PLAN.get("sessions", [])), "dropped": 0, "done": 0}
LOBBY = Barrier()  # everyone waits on the exam's landing page until the doors open
OPEN = Barrier()  # the invigilator says "begin"
BELL = Barrier()  # time is up: everyone submits
SESSIONS = itertools.count()
RECORD: dict[str, Any] = {"requests": [], "answers": [], "starts": [], "seated": [], "spawned": []}


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, host, False, False, "/", True, False, None, False, None, None, {}
    )


def _finish_one(environment: Any) -> None:
    STATE["done"] += 1
    if STATE["done"] + STATE["dropped"] >= STATE["expected"]:
        gevent.spawn_later(0.2, environment.runner.quit)


class Examinee(FastHttpUser):
    network_timeout = 180.0
    connection_timeout = 60.0

    def on_start(self) -> None:
        self.index = next(SESSIONS)
        RECORD["spawned"].append(time.time())
        if self.index >= len(PLAN["sessions"]):
            raise StopUser()  # more users than sessions: never the case when started by the benchmark
        session = PLAN["sessions"][self.index]
        host = self.host.split("://", 1)[1].split(":")[0]
        self.client.cookiejar.set_cookie(_cookie(PLAN["session_cookie"], session["sessionid"], host))

    def _call(self, method: str, url: str, name: str, **kwargs: Any) -> Any:
        started = time.time()
        t0 = time.perf_counter()
        response = self.client.request(method, url, name=name, allow_redirects=False, **kwargs)
        elapsed = (time.perf_counter() - t0) * 1000
        RECORD["requests"].append(
            [name, response.status_code or 0, round(elapsed, 3), started, started + elapsed / 1000]
        )
        return response

    def _give_up(self, why: str) -> None:
        STATE["dropped"] += 1
        RECORD.setdefault("dropped", []).append({"user": self.index, "why": why})
        LOBBY.check()
        OPEN.check()
        BELL.check()
        _finish_one_dropped(self.environment)
        raise StopUser()

    @task
    def sit_the_exam(self) -> None:
        try:
            self._sit_the_exam()
        except StopUser:
            raise
        except Exception as exc:  # a broken examinee must not keep the others waiting at a barrier
            self._give_up(f"{type(exc).__name__}: {exc}")

    def _sit_the_exam(self) -> None:
        slug = PLAN["exam_slug"]
        landing = self._call("GET", f"/exams/{slug}/", "exam landing")
        csrf = csrf_token(landing.text or "") if landing.status_code == 200 else None
        if csrf is None:
            self._give_up(f"landing {landing.status_code}")
        if MODE == "floor":
            save_url, attempt_id = "/bench/floor/save/", 0
            choices = {p: [0, 1, 2] for p in range(1, PLAN.get("floor_saves", PLAN["questions"]) + 1)}
        else:
            LOBBY.wait()
            RECORD["starts"].append(time.time())
            started = self._call(
                "POST",
                f"/exams/{slug}/start/",
                "start",
                data=f"csrfmiddlewaretoken={csrf}",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            found = attempt_id_from(started.headers.get("location", "") if started.status_code == 302 else "")
            if found is None:
                self._give_up(f"start {started.status_code}")
            attempt_id = found
            page = self._call("GET", f"/exams/attempts/{attempt_id}/", "attempt page")
            parsed = attempt_page((page.text or "") if page.status_code == 200 else "")
            if parsed is None or not parsed.choices:
                self._give_up(f"attempt page {page.status_code}")
            save_url, csrf, choices = parsed.save_url, parsed.csrf, parsed.choices
            RECORD["seated"].append(time.time())

        OPEN.wait()
        pending: dict[int, tuple[int, Any]] = {}
        sent: dict[int, tuple[int, Any]] = {}
        headers = {"X-CSRFToken": csrf, "Content-Type": "application/json"}
        for position in sorted(choices):
            seq = next_seq(sent[position][0] if position in sent else None)
            sent[position] = pending[position] = (seq, random.choice(choices[position]))
            self._flush_one(save_url, headers, position, pending)
        for attempt in range(REPLAYS):
            if not pending:
                break
            gevent.sleep(1 + attempt)
            for position in sorted(pending):
                self._flush_one(save_url, headers, position, pending)
        for position, (seq, value) in sorted(sent.items()):
            RECORD["answers"].append([attempt_id, position, seq, value, position not in pending])

        if MODE != "floor":
            BELL.wait()
            submitted = self._call(
                "POST",
                f"/exams/attempts/{attempt_id}/submit/",
                "submit",
                data=f"csrfmiddlewaretoken={csrf}",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            if submitted.status_code == 302:
                self._call("GET", submitted.headers.get("location", ""), "result page")
        else:
            BELL.wait()
        _finish_one(self.environment)
        raise StopUser()

    def _flush_one(
        self, save_url: str, headers: dict[str, str], position: int, pending: dict[int, tuple[int, Any]]
    ) -> None:
        seq, value = pending[position]
        body = json.dumps({"position": position, "value": value, "seq": seq})
        response = self._call("POST", save_url, "save", data=body, headers=headers)
        if response.status_code == 200:
            try:
                acknowledged = int(json.loads(response.text)["seq"])
            except (ValueError, KeyError, TypeError):
                return
            # Drop the buffered answer only if the server holds it or something newer.
            if acknowledged >= seq:
                del pending[position]


def _finish_one_dropped(environment: Any) -> None:
    if STATE["done"] + STATE["dropped"] >= STATE["expected"]:
        gevent.spawn_later(0.2, environment.runner.quit)


@events.test_stop.add_listener
def _write_record(environment: Any, **_kwargs: Any) -> None:
    if not OUT:
        return
    RECORD.update(
        mode=MODE,
        expected=STATE["expected"],
        done=STATE["done"],
        dropped_count=STATE["dropped"],
        lobby_at=LOBBY.released_at,
        open_at=OPEN.released_at,
        bell_at=BELL.released_at,
    )
    Path(OUT).write_text(json.dumps(RECORD))
