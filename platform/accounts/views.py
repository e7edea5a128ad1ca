"""The signed-in person's own profile: the language Rampway speaks and writes to them in."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .models import User
from .services import user_language_set


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Preferred language"),
        required=False,
        choices=[("", gettext_lazy("The site default")), *settings.LANGUAGES],
        help_text=gettext_lazy(
            "The pages after you sign in, and every email and reminder Rampway sends you."
        ),
    )


def language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """Make the UI speak `language` from the next request on (the locale middleware reads this cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language or settings.LANGUAGE_CODE,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        user_language_set(user=user, language=language)
        translation.activate(language or settings.LANGUAGE_CODE)
        messages.success(request, _("Your profile is saved."))
        return language_cookie(redirect("accounts:profile"), language)
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponseBase:
    """The header's language menu: Django's set_language (cookie, safe redirect), and for a signed-in person
    also their saved preference, as on /profile/, so the emails and the next sign-in follow the switch."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and response.status_code in (200, 204, 302)
    ):
        user_language_set(user=user, language=language)  # type: ignore[arg-type]
    return response
