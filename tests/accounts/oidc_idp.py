"""A small OpenID Connect provider on a loopback port: discovery, token and userinfo endpoints over real HTTP."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


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
