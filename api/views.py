"""Admins create and revoke integration tokens; a new token's full text is shown on the answer page only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.http import AuthedHttpRequest, role_required

from .forms import TokenCreateForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


@role_required(Role.ADMIN)
def token_list(request: AuthedHttpRequest) -> HttpResponse:
    actor = request.user
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, created = api_token_create(
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"], actor=actor
        )
        form = TokenCreateForm()
    tokens = ApiToken.objects.select_related("created_by")
    response = render(request, "api/tokens.html", {"form": form, "tokens": tokens, "created": created})
    if created:
        response["Cache-Control"] = "no-store"  # the one page that shows the secret must not be cached
    return response


@role_required(Role.ADMIN)
@require_POST
def token_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    token = get_object_or_404(ApiToken, pk=pk)
    api_token_revoke(token=token, actor=actor)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:tokens")
