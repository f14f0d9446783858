"""A small OpenID Connect provider for the tests, run on this machine in a thread.

It answers as ProConnect does: a discovery document, an authorisation endpoint that sends the
browser back with a code (the person « chosen » at the provider is ``provider.person``), a token
endpoint that checks the client's secret, the code, the redirect URI and the PKCE verifier and
issues an RS256-signed id_token, a JWKS, and a userinfo endpoint answering a signed JWT
(``application/jwt``) with ProConnect's claims. ``provider.tamper`` lets a test ask for a
forged answer (a wrong signature, nonce, audience or issuer, or an expired token).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "reperes-test"
CLIENT_SECRET = "secret-du-client-de-test"
KID = "cle-de-test"


class Provider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.person: dict[str, Any] = {}
        self.tamper: str | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        self.authorize_params: dict[str, str] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------ documents
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def sign(self, claims: dict[str, Any]) -> str:
        token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KID})
        if self.tamper == "signature":
            # Same header and claims, signed by a key the JWKS does not publish.
            forged = jwt.encode(claims, self.other_key, algorithm="RS256", headers={"kid": KID})
            token = token.rsplit(".", 1)[0] + "." + forged.rsplit(".", 1)[1]
        return token

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            "iss": "http://imposteur.invalid" if self.tamper == "issuer" else self.issuer,
            "aud": "un-autre-client" if self.tamper == "audience" else CLIENT_ID,
            "sub": grant["person"]["sub"],
            "iat": now,
            "exp": now - 60 if self.tamper == "expired" else now + 300,
            "nonce": "un-autre-nonce" if self.tamper == "nonce" else grant["nonce"],
            "acr": "eidas1",
        }
        return self.sign(claims)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                provider.authorize_params = query
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {
                    "person": dict(provider.person),
                    "nonce": query.get("nonce"),
                    "challenge": query.get("code_challenge"),
                    "redirect_uri": query["redirect_uri"],
                }
                back = (
                    query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                )
                self._send(302, b"", "text/plain", Location=back)
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                grant = next((g for g in provider.codes.values() if g.get("access") == token), None)
                if grant is None:
                    self._json(401, {"error": "invalid_token"})
                    return
                self._send(200, provider.sign(grant["person"]).encode(), "application/jwt")
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            grant = provider.codes.get(form.get("code", ""))
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                grant is None
                or "access" in grant  # a code serves once
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != grant["redirect_uri"]
                or challenge != grant["challenge"]
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            grant["access"] = secrets.token_urlsafe(16)
            self._json(
                200,
                {
                    "access_token": grant["access"],
                    "token_type": "Bearer",
                    "expires_in": 60,
                    "id_token": provider.id_token(grant),
                },
            )

    return Handler
