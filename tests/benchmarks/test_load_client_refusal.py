"""The exam-day client names why a sign-in was refused (the login form's first error), without a database."""

from __future__ import annotations

from tests.load.protocol import refusal


def test_the_first_form_error_is_the_reason() -> None:
    page = '<div class="message error" role="alert"><p>Too many failed login attempts.</p><p>x</p></div>'
    assert refusal(page) == "Too many failed login attempts."


def test_a_page_without_an_error_gives_no_reason() -> None:
    assert refusal('<form method="post"><input name="login"></form>') == ""
