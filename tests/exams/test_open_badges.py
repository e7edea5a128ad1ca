"""Open Badges 3.0: the credential verifies with jwcrypto (we sign with joserfc) and has the spec's shape.

The schema below is written from the OB 3.0 / VC 2.0 specs' required fields (no package on PyPI or npm in
this environment carries the official 1EdTech JSON schema): it is NOT the official schema file.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone
from jwcrypto import jwk, jws

from accounts.roles import Role
from assessments.exams.models import Certification
from assessments.exams.services.certifications import certification_revoke
from tests.factories.accounts import UserFactory
from tests.factories.exams import ExamFactory

OB3_REQUIRED = {
    "type": "object",
    "required": ["@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject"],
    "properties": {
        "@context": {
            "type": "array",
            "prefixItems": [{"const": "https://www.w3.org/ns/credentials/v2"}],
            "contains": {
                "type": "string",
                "pattern": "^https://purl.imsglobal.org/spec/ob/v3p0/context-3\\.0\\.[0-9]+\\.json$",
            },
        },
        "id": {"type": "string", "format": "uri"},
        "type": {
            "type": "array",
            "allOf": [
                {"contains": {"const": "VerifiableCredential"}},
                {"contains": {"const": "OpenBadgeCredential"}},
            ],
        },
        "issuer": {
            "type": "object",
            "required": ["id", "type", "name"],
            "properties": {"type": {"contains": {"const": "Profile"}}},
        },
        "validFrom": {"type": "string", "format": "date-time"},
        "credentialSubject": {
            "type": "object",
            "required": ["type", "achievement"],
            "properties": {
                "type": {"contains": {"const": "AchievementSubject"}},
                "achievement": {
                    "type": "object",
                    "required": ["id", "type", "name", "description", "criteria"],
                    "properties": {"type": {"contains": {"const": "Achievement"}}},
                },
            },
        },
        "credentialStatus": {
            "type": "object",
            "required": ["id", "type", "statusPurpose", "statusListIndex", "statusListCredential"],
            "properties": {"type": {"const": "BitstringStatusListEntry"}},
        },
    },
}


@pytest.fixture
def cert(db) -> Certification:  # type: ignore[no-untyped-def]
    return Certification.objects.create(
        user=UserFactory(email="seller@example.com", first_name="Ana", last_name="Silva"),
        exam=ExamFactory(),
        code="OB3CODE12345",
        issued_at=timezone.now() - dt.timedelta(days=1),
    )


def _verified_status_list(client: Client, path: str) -> dict:  # type: ignore[type-arg]
    """Fetch the status list and verify it with jwcrypto against the published JWKS, as a wallet would."""
    r = client.get(path)
    assert r.status_code == 200 and r["Content-Type"] == "application/vc+jwt"
    token = r.content.decode()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    key = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content).get_key(header["kid"])
    assert key is not None
    verified = jws.JWS()
    verified.deserialize(token)
    verified.verify(key, alg="EdDSA")
    return json.loads(verified.payload)


def _bit(status_json: dict, index: int) -> int:  # type: ignore[type-arg]
    encoded = status_json["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    return (raw[index // 8] >> (7 - index % 8)) & 1


def test_badge_verifies_with_jwcrypto_and_fits_schema(cert: Certification, roles) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    r = client.get(f"/verify/{cert.code}/badge")
    assert r.status_code == 200 and r["Content-Type"] == "application/vc+jwt"
    token = r.content.decode()
    assert token.count(".") == 2
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    keys = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content)
    key = keys.get_key(header["kid"])
    assert key is not None
    verified = jws.JWS()
    verified.deserialize(token)
    verified.verify(key, alg="EdDSA")
    payload = json.loads(verified.payload)
    jsonschema.validate(payload, OB3_REQUIRED, format_checker=jsonschema.FormatChecker())
    assert payload["credentialSubject"]["name"] == "Ana Silva"
    # tampering is caught
    parts = token.split(".")
    forged = base64.urlsafe_b64encode(json.dumps({**payload, "name": "Other"}).encode()).decode().rstrip("=")
    bad = jws.JWS()
    bad.deserialize(".".join([parts[0], forged, parts[2]]))
    with pytest.raises(jws.InvalidJWSSignature):
        bad.verify(key, alg="EdDSA")
    # the issuer profile is served at its id
    issuer_id = payload["issuer"]["id"]
    assert client.get(issuer_id.replace("http://testserver", "")).json()["id"] == issuer_id


def test_revocation_flips_the_status_bit(cert: Certification, roles) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    r = client.get(f"/verify/{cert.code}/badge")
    payload = json.loads(base64.urlsafe_b64decode(r.content.decode().split(".")[1] + "=="))
    status_url = payload["credentialStatus"]["statusListCredential"].replace("http://testserver", "")
    index = int(payload["credentialStatus"]["statusListIndex"])
    before = _verified_status_list(client, status_url)
    assert before["id"] == payload["credentialStatus"]["statusListCredential"]
    assert "BitstringStatusListCredential" in before["type"]
    assert before["issuer"] == payload["issuer"]["id"] and before["iss"] == before["issuer"]
    assert before["credentialSubject"]["statusPurpose"] == payload["credentialStatus"]["statusPurpose"]
    assert _bit(before, index) == 0
    certification_revoke(certification=cert, actor=UserFactory(roles=[Role.TRAINER]), reason="Cheating")
    assert _bit(_verified_status_list(client, status_url), index) == 1


def test_a_status_list_with_a_flipped_bit_fails_verification(cert: Certification, roles) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    token = client.get("/badges/status/1").content.decode()
    header, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    raw = bytearray(16384)
    raw[cert.pk // 8] |= 0x80 >> (cert.pk % 8)
    claims["credentialSubject"]["encodedList"] = "u" + base64.urlsafe_b64encode(
        gzip.compress(bytes(raw))
    ).decode().rstrip("=")
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    key = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content).get_key(
        json.loads(base64.urlsafe_b64decode(header + "=="))["kid"]
    )
    bad = jws.JWS()
    bad.deserialize(".".join([header, forged, signature]))
    with pytest.raises(jws.InvalidJWSSignature):
        bad.verify(key, alg="EdDSA")


def test_verify_page_offers_linkedin_and_download(cert: Certification) -> None:
    html = Client().get(f"/verify/{cert.code}/").content.decode()
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    assert "certUrl=http%3A//testserver/verify/OB3CODE12345/" in html
    assert f"/verify/{cert.code}/badge" in html
    assert Client().get("/verify/NOPE/badge").status_code == 404
