"""The criteria table never prints p = 0.000: below 0.001 it says "< 0.001"."""

from __future__ import annotations

import pytest

from analytics.presentation import p_display


@pytest.mark.parametrize(
    ("p", "shown"),
    [(None, "—"), (2.1e-12, "< 0.001"), (0.000999, "< 0.001"), (0.001, "0.001"), (0.4204, "0.420")],
)
def test_p_values_read_as_a_reader_expects(p: float | None, shown: str) -> None:
    assert p_display(p) == shown
