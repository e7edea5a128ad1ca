"""A small OpenID Connect provider on a loopback port: discovery, token and userinfo endpoints over real HTTP."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site
from django.test import Client


class LoopbackOIDC:
    """Issues one authorization code; `claims` is what userinfo says about whoever holds the token."""

    CODE = "auth-code-123"
    TOKEN = "at-1"

    def __init__(self) -> None:
        self.claims: dict[str, Any] = {}
        self.calls: list[tuple[str, str]] = []
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                idp.calls.append(("GET", self.path))
                if self.path == "/.well-known/openid-configuration":
                    self._send(200, idp.configuration)
                elif self.path == "/userinfo" and self.headers.get("Authorization") == f"Bearer {idp.TOKEN}":
                    self._send(200, idp.claims)
                else:
                    self._send(401, {"error": "invalid_token"})

            def do_POST(self) -> None:  # noqa: N802
                idp.calls.append(("POST", self.path))
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                if self.path == "/token" and form.get("code") == [idp.CODE]:
                    self._send(200, {"access_token": idp.TOKEN, "token_type": "Bearer", "expires_in": 3600})
                else:
                    self._send(400, {"error": "invalid_grant"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.configuration = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackOIDC:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def acme_app(idp: LoopbackOIDC, **extra: Any) -> SocialApp:
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme",
        name="Acme Corp SSO",
        client_id="rampway-client",
        secret="s3cret",
        settings={
            "server_url": f"{idp.issuer}/.well-known/openid-configuration",
            "org_unit": "acme-sales",
            **extra,
        },
    )
    app.sites.add(Site.objects.get_current())
    return app


def sso_round_trip(client: Client, idp: LoopbackOIDC, claims: dict[str, Any], process: str = "login"):  # type: ignore[no-untyped-def]
    """Start at Rampway, 'authenticate' at the IdP (it hands back the code), land on the callback."""
    idp.claims = claims
    data = {"process": process} if process != "login" else {}
    response = client.post("/accounts/oidc/acme/login/", data)
    assert response.status_code == 302, response.content
    redirect = urlsplit(response["Location"])
    assert (
        f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == idp.configuration["authorization_endpoint"]
    )
    state = parse_qs(redirect.query)["state"][0]
    return client.get("/accounts/oidc/acme/login/callback/", {"code": idp.CODE, "state": state})
