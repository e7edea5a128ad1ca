"""Settings for the Celery worker that the fault tests start: the test settings with a short visibility timeout.

Why a short visibility timeout (kombu 5.7 Redis transport): a message delivered with ``acks_late`` sits in the
``unacked`` hash until the worker acks it. If the *whole* worker process dies (SIGKILL, OOM, power loss) nobody
is left to reject it, so it stays there until some other consumer's ``restore_visible`` sweep finds it older
than ``visibility_timeout`` and pushes it back onto its queue. Production keeps 3600 s (base settings) so a long
study is never handed to a second worker while the first still runs it; the test lowers it to a few seconds and
makes the sweep run every second (``unacked_restore_interval`` × ``unacked_restore_throttle``) so the redelivery
happens within the test's time budget.

(When only a prefork *child* dies, the parent is still alive and ``task_reject_on_worker_lost`` rejects the
message with requeue at once — no visibility timeout involved; test_fault_worker_kill covers both paths.)
"""

from __future__ import annotations

from config.settings.test import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
