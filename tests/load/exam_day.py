"""Exam day as it happens: examinees arrive over the lobby and sign in through the login form, wait on the exam's
page, press Start together when the doors open, answer at a person's pace and submit at the bell.

Driven by tests/benchmarks/exam_day.py (``make bench``, section ``exam_event``); it can also run on its own:

    BENCH_PLAN=var/bench/exam-day-plan.json BENCH_OUT=var/bench/locust-exam-day.json \
        locust -f tests/load/exam_day.py --headless -u 1000 -r 250 -H http://127.0.0.1:8241

The plan (written by the benchmark) holds each examinee's email and arrival second, the shared password, the
exam's slug and the lobby's length. Every examinee is spawned at once and sleeps until their arrival; the doors
open `lobby_s` after the first spawn (later only if someone is still signing in, as an invigilator waits for the
room). Between answers a person thinks for 6–14 s; some answers change, some questions are flagged, a few pages
reloaded (tests/load/protocol.py `human_steps`). Saves follow attempt.js: per-question sequence numbers, an answer
kept until acknowledged, the buffer replayed before submit. The bell rings when everyone has finished.

When everyone has loaded their result, the floors: the room waits on a barrier again and everyone POSTs at the
same instant to the bench-only `/bench/floor/burst/` (a signed-in POST, one write, a 302: what start and submit
cost at the least), then once more to `/bench/floor/bare/` (nothing in the view). The generator's own CPU seconds
during each burst (start, submit and the two floors) are recorded beside the requests.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

from tests.load.protocol import (
    AttemptPage,
    CpuWindows,
    attempt_id_from,
    attempt_page,
    cpu_spent,
    csrf_token,
    human_steps,
    next_seq,
    other_choice,
    refusal,
    server_cpu_s,
    signed_in,
)

PLAN: dict[str, Any] = (
    json.loads(Path(os.environ["BENCH_PLAN"]).read_text()) if os.environ.get("BENCH_PLAN") else {}
)
OUT = os.environ.get("BENCH_OUT", "")
# The server's processes (gunicorn's master pid, the database its backends serve), read around the floor bursts.
SERVER_PID = int(os.environ.get("BENCH_SERVER_PID", "0"))
SERVER_DATABASE = os.environ.get("BENCH_SERVER_DATABASE", "")
ROOM_WAIT_S = 120.0  # how long past the scheduled opening the invigilator waits for the last ones signing in
LOGIN_TRIES = 3
REPLAYS = 5
FLOOR_WAIT_S = 300.0  # how long a finished examinee waits for the last results before the floor bursts
SETTLE_S = 1.0  # from a floor barrier's release to its burst: the server is done with the last one through
# The synchronized bursts whose generator CPU is measured, by request name; the floors' URLs.
BURSTS = ("start", "submit", "floor burst", "bare burst")
FLOORS = {"floor burst": "/bench/floor/burst/", "bare burst": "/bench/floor/bare/"}

STATE: dict[str, Any] = {"expected": len(PLAN.get("emails", [])), "dropped": 0, "done": 0, "t0": None}
SEATS = itertools.count()
RECORD: dict[str, Any] = {
    "requests": [],
    "answers": [],
    "logins": [],
    "seated": [],
    "starts": [],
    "saves_sent": 0,
    "flags_sent": 0,
    "reloads": 0,
    "dropped": [],
}


class Gate:
    """Released when everyone still in the event has arrived (or given up), or after `timeout` seconds."""

    def __init__(self) -> None:
        self.arrived = 0
        self.event = Event()
        self.released_at: float | None = None

    def check(self) -> None:
        if not self.event.is_set() and self.arrived + STATE["dropped"] >= STATE["expected"]:
            self.released_at = time.time()
            self.event.set()

    def wait(self, timeout: float) -> None:
        self.arrived += 1
        self.check()
        if not self.event.wait(max(timeout, 0.0)) and self.released_at is None:
            self.released_at = time.time()
            self.event.set()


ROOM = Gate()  # everyone is on the exam's page
BELL = Gate()  # everyone has answered: time is up
# Everyone has their result (for the first floor), then everyone has pressed the first floor (for the second).
FLOOR_GATES = {name: Gate() for name in FLOORS}
CPU = CpuWindows()
# The server's CPU as each floor burst begins, and when the last examinee is through ("end").
SERVER_CPU: dict[str, dict[str, dict[int, float]]] = {}
DOORS: dict[str, float] = {}


def _doors_open_at() -> float:
    """The scheduled opening, or the moment the last examinee reached the exam page if that was later."""
    if "at" not in DOORS:
        scheduled = STATE["t0"] + PLAN["lobby_s"]
        DOORS["at"] = max(scheduled, ROOM.released_at or scheduled)
    return DOORS["at"]


def _maybe_quit(environment: Any) -> None:
    if STATE["done"] + STATE["dropped"] >= STATE["expected"]:
        if SERVER_PID:  # the last examinee is through: the last press answered
            SERVER_CPU["end"] = server_cpu_s(SERVER_PID, SERVER_DATABASE)
        gevent.spawn_later(0.2, environment.runner.quit)


class Examinee(FastHttpUser):
    network_timeout = 180.0
    connection_timeout = 60.0

    def on_start(self) -> None:
        if STATE["t0"] is None:
            STATE["t0"] = time.time()
        self.index = next(SEATS)
        if self.index >= len(PLAN["emails"]):
            raise StopUser()  # more users than examinees: never the case when started by the benchmark
        self.rng = random.Random(PLAN.get("seed", 0) * 100_003 + self.index)

    def _call(self, method: str, url: str, name: str, **kwargs: Any) -> Any:
        if name in BURSTS:
            CPU.sent(name)
        started = time.time()
        t0 = time.perf_counter()
        response = self.client.request(method, url, name=name, allow_redirects=False, **kwargs)
        elapsed = (time.perf_counter() - t0) * 1000
        if name in BURSTS:
            CPU.answered(name)
        RECORD["requests"].append(
            [name, response.status_code or 0, round(elapsed, 3), started, started + elapsed / 1000]
        )
        return response

    def _post_form(self, url: str, name: str, fields: dict[str, str]) -> Any:
        return self._call(
            "POST",
            url,
            name,
            data=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def _give_up(self, why: str) -> None:
        STATE["dropped"] += 1
        RECORD["dropped"].append({"user": self.index, "why": why})
        for gate in (ROOM, BELL, *FLOOR_GATES.values()):
            gate.check()
        _maybe_quit(self.environment)
        raise StopUser()

    @task
    def sit_the_exam(self) -> None:
        try:
            self._sit_the_exam()
        except StopUser:
            raise
        except Exception as exc:  # a broken examinee must not keep the others waiting at the doors
            self._give_up(f"{type(exc).__name__}: {exc}")

    def _sign_in(self, exam_path: str) -> None:
        email = PLAN["emails"][self.index]
        for _try in range(LOGIN_TRIES):
            form = self._call("GET", f"/accounts/login/?next={exam_path}", "login page")
            csrf = csrf_token(form.text or "") if form.status_code == 200 else None
            if csrf is None:
                self._give_up(f"login page {form.status_code}")
            fields = {"csrfmiddlewaretoken": csrf, "login": email, "password": PLAN["password"]}
            reply = self._post_form("/accounts/login/", "login", fields | {"next": exam_path})
            # A request that failed outright (no answer within network_timeout) has no status and no headers.
            location = (reply.headers or {}).get("location", "") or ""
            ok = signed_in(reply.status_code or 0, location, exam_path)
            why = "" if ok else refusal(reply.text or "") or f"status {reply.status_code or 0}"
            RECORD["logins"].append([self.index, ok, reply.status_code or 0, why])
            if ok:
                return
            gevent.sleep(5)  # a person reads the message and tries again
        self._give_up("sign-in refused")

    def _sit_the_exam(self) -> None:
        slug = PLAN["exam_slug"]
        exam_path = f"/exams/{slug}/"
        gevent.sleep(max(0.0, STATE["t0"] + PLAN["arrivals"][self.index] - time.time()))
        self._sign_in(exam_path)
        landing = self._call("GET", exam_path, "exam landing")
        csrf = csrf_token(landing.text or "") if landing.status_code == 200 else None
        if csrf is None:
            self._give_up(f"landing {landing.status_code}")

        ROOM.wait(STATE["t0"] + PLAN["lobby_s"] + ROOM_WAIT_S - time.time())
        gevent.sleep(max(0.0, _doors_open_at() - time.time()))
        RECORD["starts"].append(time.time())
        started = self._post_form(f"{exam_path}start/", "start", {"csrfmiddlewaretoken": csrf})
        found = attempt_id_from(
            (started.headers or {}).get("location", "") if started.status_code == 302 else ""
        )
        if found is None:
            self._give_up(f"start {started.status_code}")
        attempt_id = found
        page = self._open_attempt(attempt_id, "attempt page")
        RECORD["seated"].append(time.time())

        pending: dict[int, tuple[int, Any]] = {}
        sent: dict[int, tuple[int, Any]] = {}
        for step in human_steps(sorted(page.choices), self.rng):
            gevent.sleep(step.pause_s)
            if step.kind == "reload":
                page = self._open_attempt(attempt_id, "reload")
                RECORD["reloads"] += 1
                continue
            headers = {"X-CSRFToken": page.csrf, "Content-Type": "application/json"}
            if step.kind == "flag":
                body = json.dumps({"position": step.position, "flagged": True})
                self._call("POST", page.save_url, "flag", data=body, headers=headers)
                RECORD["flags_sent"] += 1
                continue
            choices = page.choices[step.position]
            previous = sent.get(step.position)
            value = (
                other_choice(choices, previous[1], self.rng)
                if step.kind == "change" and previous
                else self.rng.choice(choices)
            )
            seq = next_seq(previous[0] if previous else None)
            sent[step.position] = pending[step.position] = (seq, value)
            # attempt.js sends what is still buffered along with the new answer.
            for position in sorted(pending):
                self._flush_one(page.save_url, headers, position, pending)

        BELL.wait(PLAN.get("bell_wait_s", 600))
        headers = {"X-CSRFToken": page.csrf, "Content-Type": "application/json"}
        for attempt in range(REPLAYS):
            if not pending:
                break
            for position in sorted(pending):
                self._flush_one(page.save_url, headers, position, pending)
            if pending:
                gevent.sleep(1 + attempt)
        for position, (seq, value) in sorted(sent.items()):
            RECORD["answers"].append([attempt_id, position, seq, value, position not in pending])
        submitted = self._post_form(
            f"/exams/attempts/{attempt_id}/submit/", "submit", {"csrfmiddlewaretoken": page.csrf}
        )
        if submitted.status_code == 302:
            self._call("GET", (submitted.headers or {}).get("location", ""), "result page")
        for name, url in FLOORS.items():
            gate = FLOOR_GATES[name]
            gate.wait(FLOOR_WAIT_S)
            gevent.sleep(max(0.0, (gate.released_at or 0.0) + SETTLE_S - time.time()))
            if SERVER_PID and name not in SERVER_CPU:  # the first one through reads it, before anyone sends
                SERVER_CPU[name] = server_cpu_s(SERVER_PID, SERVER_DATABASE)
            self._post_form(url, name, {"csrfmiddlewaretoken": page.csrf})
        STATE["done"] += 1
        _maybe_quit(self.environment)
        raise StopUser()

    def _open_attempt(self, attempt_id: int, name: str) -> AttemptPage:
        page = self._call("GET", f"/exams/attempts/{attempt_id}/", name)
        parsed = attempt_page((page.text or "") if page.status_code == 200 else "")
        if parsed is None or not parsed.choices:
            self._give_up(f"{name} {page.status_code}")
        assert parsed is not None
        return parsed

    def _flush_one(
        self, save_url: str, headers: dict[str, str], position: int, pending: dict[int, tuple[int, Any]]
    ) -> None:
        seq, value = pending[position]
        body = json.dumps({"position": position, "value": value, "seq": seq})
        RECORD["saves_sent"] += 1
        response = self._call("POST", save_url, "save", data=body, headers=headers)
        if response.status_code == 200:
            try:
                acknowledged = int(json.loads(response.text)["seq"])
            except (ValueError, KeyError, TypeError):
                return
            if acknowledged >= seq:  # the server holds this answer or a newer one
                del pending[position]


def _server_cpu_per_floor() -> dict[str, dict[str, float]]:
    """Each floor burst's server and database CPU seconds: from its start to the next one's (or to the last press
    answered), the server idle but for the burst (everyone else waits at the next barrier, or has finished)."""
    if not SERVER_PID or any(name not in SERVER_CPU for name in (*FLOORS, "end")):
        return {}
    readings = [SERVER_CPU[name] for name in (*FLOORS, "end")]
    return {
        name: cpu_spent(before, after)
        for name, before, after in zip(FLOORS, readings, readings[1:], strict=False)
    }


@events.test_stop.add_listener
def _write_record(environment: Any, **_kwargs: Any) -> None:
    if not OUT:
        return
    RECORD.update(
        expected=STATE["expected"],
        done=STATE["done"],
        dropped_count=STATE["dropped"],
        t0=STATE["t0"],
        room_at=ROOM.released_at,
        doors_at=DOORS.get("at"),
        bell_at=BELL.released_at,
        floors_at={name: gate.released_at for name, gate in FLOOR_GATES.items()},
        loadgen_cpu_s=CPU.seconds() | {"run": round(time.process_time(), 3)},
        server_cpu_s=_server_cpu_per_floor(),
    )
    Path(OUT).write_text(json.dumps(RECORD))
