"""Search and reference index updates held back during a bulk job and then made once per saved object.

Seeding the demo saves each Wagtail page four or five times (create, revision, publish, translation copy);
indexing on every save ran a search and a reference index task each time. The indexes end the same either way:
both are rebuilt from the object as it is when the job is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_save


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Index every object saved inside the block once, at its end (nothing is indexed if the block raises)."""
    from modelsearch import index as search_index
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update
    from wagtail.tasks import update_reference_index_task

    searched = {m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)}
    referenced = set(ReferenceIndex.tracked_models)
    saved: dict[tuple[type[Model], Any], None] = {}  # an ordered set: index in the order things were saved

    def remember(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if not raw and instance.pk is not None:
            saved[(sender, instance.pk)] = None

    for model in searched | referenced:
        post_save.connect(remember, sender=model, weak=False, dispatch_uid=("core.indexing", model))
    for model in searched:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in searched:
            post_save.connect(post_save_signal_handler, sender=model)
        for model in searched | referenced:
            post_save.disconnect(sender=model, dispatch_uid=("core.indexing", model))
    for model, pk in saved:
        instance = model._default_manager.filter(pk=pk).first()
        if instance is None:
            continue
        if model in searched:
            search_index.insert_or_update_object(instance)
        if model in referenced:
            # Wagtail's own task: it indexes a child row's parent (a path step's path), and only indexed models.
            update_reference_index_task.call(model._meta.app_label, model._meta.model_name, pk)
