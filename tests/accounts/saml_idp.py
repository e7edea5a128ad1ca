"""A real SAML identity provider (pysaml2's IdP side, signing with xmlsec1) for allauth's SAML service provider."""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from allauth.socialaccount.models import SocialApp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.sites.models import Site
from django.test import Client
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
from saml2.server import Server

IDP_ENTITY = "https://idp.acme.example/saml"
IDP_SSO_URL = "https://idp.acme.example/saml/sso"
ORG = "acme-saml"
# Debian's xmlsec1 (`make xmlsec1`); pysaml2 shells out to it to sign.
XMLSEC1 = Path("/usr/bin/xmlsec1")


def _self_signed(directory: Path) -> tuple[Path, Path, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme.example")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / "idp.key", directory / "idp.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    cert_path.write_bytes(pem)
    body = "".join(line for line in pem.decode().splitlines() if "CERTIFICATE" not in line)
    return key_path, cert_path, body


class SamlIdP:
    """Holds a signing key; `sign_in` plays the browser through Rampway → IdP → Rampway's ACS."""

    def __init__(self) -> None:
        # Fail, never skip: without the binary these tests would prove nothing about signed assertions.
        if not XMLSEC1.is_file():
            raise RuntimeError(f"{XMLSEC1} is missing; run `make xmlsec1` (apt-get install xmlsec1)")
        self._dir = tempfile.TemporaryDirectory()
        self.key_path, self.cert_path, self.cert_body = _self_signed(Path(self._dir.name))

    def close(self) -> None:
        self._dir.cleanup()

    def app(self, **extra: Any) -> SocialApp:
        app = SocialApp.objects.create(
            provider="saml",
            provider_id=ORG,
            client_id=ORG,
            name="Acme SAML",
            settings={
                "idp": {"entity_id": IDP_ENTITY, "sso_url": IDP_SSO_URL, "x509cert": self.cert_body},
                # python3-saml keys attributes by Name; with the URI NameFormat pysaml2 names them by OID
                # (the SAML2 interoperability profile), FriendlyName uid / mail / givenName.
                "attribute_mapping": {
                    "uid": "urn:oid:0.9.2342.19200300.100.1.1",
                    "email": "urn:oid:0.9.2342.19200300.100.1.3",
                    "first_name": "urn:oid:2.5.4.42",
                    # No standard attribute says so; without it allauth's mandatory verification stops the sign-in.
                    "email_verified": "email_verified",
                },
                "advanced": {
                    "want_assertion_signed": True,
                    "want_message_signed": True,
                    "allow_single_label_domains": True,  # the test client is "testserver"
                },
                "org_unit": "acme-sales",
                **extra,
            },
        )
        app.sites.add(Site.objects.get_current())
        return app

    def _idp(self, sp_metadata: str) -> Server:
        config = IdPConfig()
        config.load(
            {
                "entityid": IDP_ENTITY,
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(IDP_SSO_URL, BINDING_HTTP_REDIRECT)]},
                        "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}},
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    }
                },
                "key_file": str(self.key_path),
                "cert_file": str(self.cert_path),
                "metadata": {"inline": [sp_metadata]},
                "xmlsec_binary": str(XMLSEC1),
                "allow_unknown_attributes": True,
            }
        )
        return Server(config=config)

    def sign_in(self, client: Client, *, uid: str, email: str, process: str = "login"):  # type: ignore[no-untyped-def]
        client.defaults.setdefault("HTTP_HOST", "testserver")  # python3-saml reads the Host header itself
        metadata = client.get(f"/accounts/saml/{ORG}/metadata/").content.decode()
        server = self._idp(metadata)
        data = {"process": process} if process != "login" else {}
        start = client.post(f"/accounts/saml/{ORG}/login/", data)
        assert start.status_code == 302, start.content
        query = parse_qs(urlsplit(start["Location"]).query)
        request = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = request.message
        response = server.create_authn_response(
            identity={"uid": [uid], "mail": [email], "givenName": ["Mei"], "email_verified": ["true"]},
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=message.issuer.text,
            name_id_policy=None,
            userid=uid,
            sign_assertion=True,
            sign_response=True,
            sign_alg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            digest_alg="http://www.w3.org/2001/04/xmlenc#sha256",
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
        )
        acs = urlsplit(message.assertion_consumer_service_url).path
        posted = client.post(
            acs,
            {
                "SAMLResponse": base64.b64encode(str(response).encode()).decode(),
                "RelayState": query.get("RelayState", [""])[0],
            },
        )
        assert posted.status_code == 302, posted.content
        return client.get(posted["Location"])
