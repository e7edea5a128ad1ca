"""Open Badges 3.0: a certification as an OpenBadgeCredential (W3C VC 2.0 data model), secured as a JWS (vc+jwt).

The signing key is an Ed25519 JWK from `RAMPWAY_BADGE_SIGNING_KEY` (the JSON of the private JWK, e.g. from the
environment); without it a development key is generated once and stored in `var/badge_signing_key.json`.
Rotation: put the new key in `RAMPWAY_BADGE_SIGNING_KEY` and the old public key(s) in
`RAMPWAY_BADGE_RETIRED_KEYS` (a JSON list of public JWKs) so badges signed before keep verifying via the JWKS.
Revocation is a Bitstring Status List whose bit `certification.pk` is read from the certification's status on
every request, so revoking a certification flips its bit at once; the list is served signed with the same key.
"""

from __future__ import annotations

import base64
import gzip
import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from joserfc import jws
from joserfc.jwk import OKPKey

from .models import Certification

STATUS_LIST_ID = "1"
STATUS_LIST_BITS = 131072  # 16 KB, the minimum the Bitstring Status List spec asks for (herd privacy)
STATUS_LIST_TTL = 60  # seconds


@lru_cache(maxsize=1)
def signing_key() -> OKPKey:
    configured = getattr(settings, "RAMPWAY_BADGE_SIGNING_KEY", "") or ""
    if configured:
        return OKPKey.import_key(json.loads(configured))
    path = settings.VAR_DIR / "badge_signing_key.json"
    if path.exists():
        return OKPKey.import_key(json.loads(path.read_text()))
    key = OKPKey.generate_key("Ed25519")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(key.as_dict(private=True)))
    path.chmod(0o600)
    return key


def key_id() -> str:
    return signing_key().thumbprint()


def jwks() -> dict[str, Any]:
    current = {**signing_key().as_dict(private=False), "kid": key_id(), "alg": "EdDSA", "use": "sig"}
    retired = json.loads(getattr(settings, "RAMPWAY_BADGE_RETIRED_KEYS", "") or "[]")
    return {"keys": [current, *retired]}


def _abs(request: Any, path: str) -> str:
    return str(request.build_absolute_uri(path))


def issuer_profile(request: Any) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": _abs(request, reverse("exams:badge_issuer")),
        "type": ["Profile"],
        "name": getattr(settings, "RAMPWAY_ORGANISATION_NAME", "") or "Rampway",
        "url": _abs(request, "/"),
    }


def credential(request: Any, cert: Certification) -> dict[str, Any]:
    verify_url = _abs(request, reverse("exams:verify", args=[cert.code]))
    status_url = _abs(request, reverse("exams:badge_status", args=[STATUS_LIST_ID]))
    achievement_url = f"{verify_url}#achievement-{cert.exam_id}"
    body: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"{verify_url}badge",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(request),
        "validFrom": cert.issued_at.isoformat(),
        "name": cert.exam.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": cert.user.email,
                    "identityType": "emailAddress",
                    "hashed": False,
                }
            ],
            "name": cert.user.display_name,
            "achievement": {
                "id": achievement_url,
                "type": ["Achievement"],
                "name": cert.exam.title,
                "description": cert.exam.title,
                "criteria": {"narrative": f"Passed the certification exam “{cert.exam.title}”."},
            },
        },
        "credentialStatus": {
            "id": f"{status_url}#{cert.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(cert.pk),
            "statusListCredential": status_url,
        },
    }
    if cert.expires_at:
        body["validUntil"] = cert.expires_at.isoformat()
    return body


def _vc_jwt(claims: dict[str, Any]) -> str:
    """A credential secured as a compact JWS (VC-JOSE-COSE `application/vc+jwt`) with the current badge key."""
    header = {"alg": "EdDSA", "kid": key_id(), "typ": "vc+jwt", "cty": "vc"}
    return jws.serialize_compact(header, json.dumps(claims).encode(), signing_key(), algorithms=["EdDSA"])


def credential_jwt(request: Any, cert: Certification) -> str:
    payload = credential(request, cert)
    return _vc_jwt(
        {**payload, "iss": payload["issuer"]["id"], "jti": payload["id"], "sub": verify_sub(payload)}
    )


def verify_sub(payload: dict[str, Any]) -> str:
    return str(payload["credentialSubject"]["achievement"]["id"])


def status_list(request: Any) -> dict[str, Any]:
    bits = bytearray(STATUS_LIST_BITS // 8)
    revoked = Certification.objects.filter(status=Certification.Status.REVOKED, pk__lt=STATUS_LIST_BITS)
    for pk in revoked.values_list("pk", flat=True):
        bits[pk // 8] |= 0x80 >> (pk % 8)  # index 0 is the left-most bit (spec §3.2)
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    url = _abs(request, reverse("exams:badge_status", args=[STATUS_LIST_ID]))
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_profile(request)["id"],
        "validFrom": timezone.now().replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
            # Milliseconds a verifier may cache it; the view's Cache-Control says the same.
            "ttl": STATUS_LIST_TTL * 1000,
        },
    }


def status_list_jwt(request: Any) -> str:
    """The status list signed like the badges (Bitstring Status List §3.1: the list is itself a credential, so a
    verifier can tell a forged "not revoked" list from ours)."""
    payload = status_list(request)
    return _vc_jwt({**payload, "iss": payload["issuer"], "jti": payload["id"]})
