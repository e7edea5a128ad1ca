"""The dashboard-card registry: each app offers the cards for its own work; home only lays them out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from .registry import Registry

if TYPE_CHECKING:  # core sits below accounts: the user type is only needed by the type checker
    from accounts.models import User


@dataclass
class Card:
    title: str | Promise
    value: int | str | None = None
    caption: str | Promise = ""
    link: str = ""
    link_label: str | Promise = ""
    # (label, value) or (label, value, url): a row may link straight to the piece of work it counts.
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    empty: str | Promise = ""
    key: str = ""  # the provider's key, set by dashboard_cards: a stable handle for pages and tests


CardBuilder = Callable[["User"], "Card | None"]


@dataclass(frozen=True)
class CardProvider:
    key: str
    build: CardBuilder
    roles: (
        frozenset[str] | None
    )  # None: offered to every signed-in person (the builder may still return None)
    order: int


CARDS: Registry[CardProvider] = Registry("dashboard card")


def register_dashboard_card(
    key: str, build: CardBuilder, *, roles: Iterable[str] | None = None, order: int = 100
) -> None:
    """`build(user)` returns the card, or None when it has nothing to say to this person (no empty card then)."""
    CARDS.add(key, CardProvider(key, build, None if roles is None else frozenset(roles), order))


def dashboard_cards(user: User, roles: frozenset[str]) -> list[Card]:
    """The cards for a person holding `roles`, lowest order first."""
    cards = []
    for provider in sorted(CARDS, key=lambda p: (p.order, p.key)):
        if provider.roles is not None and not (roles & provider.roles):
            continue
        card = provider.build(user)
        if card is not None:
            card.key = card.key or provider.key
            cards.append(card)
    return cards
