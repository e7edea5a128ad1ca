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

import os

from celery.signals import task_prerun

from config.settings.test import *  # noqa: F403

# The multi-node test runs two workers side by side and raises it (RAMPWAY_TEST_VISIBILITY_TIMEOUT) above the time
# from a study's delivery to the kill, so the survivor does not take over a study the victim is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("RAMPWAY_TEST_VISIBILITY_TIMEOUT", "4")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


@task_prerun.connect
def _forget_content_types(**_: object) -> None:
    """The multi-node test flushes the database between tests while its workers live on; the flush re-creates
    content types under new ids, so a cached id would point nowhere. Drop the cache before each task."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
