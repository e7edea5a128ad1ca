"""Fixtures for sign-in tests: a loopback OpenID Connect IdP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.accounts.oidc_idp import LoopbackOIDC


@pytest.fixture
def idp() -> Iterator[LoopbackOIDC]:
    with LoopbackOIDC() as server:
        yield server
