"""Our evidence public key on the web, at stable paths a customer can script against.

``GET /evidence/public-key.pem`` is the PEM ``breach signing-key public`` prints; ``GET /evidence/public-key``
the same with its algorithm and key id as JSON. No authentication: a public key is public, and a
customer checking a pack years later may hold no API key any more. Read per request, so a server started
before the key was made serves it once it exists.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel

from breach.errors import ConfigurationError
from flows.evidence import signing

PEM_PATH = "/evidence/public-key.pem"
JSON_PATH = "/evidence/public-key"


class EvidenceKey(BaseModel):
    algorithm: str
    key_id: str
    pem: str


def _unavailable() -> JSONResponse:
    problem = "no evidence signing key is configured on this server"
    return JSONResponse({"error": {"field": "signing_key", "value": None, "problem": problem}}, status_code=503)


def install(app: FastAPI, key_file: str | Path) -> None:
    """Serve the public half of the key in ``key_file`` (the settings' ``signing_key_file``)."""

    @app.get(PEM_PATH, response_class=PlainTextResponse, include_in_schema=False)
    def public_key_pem() -> Response:
        try:
            public = signing.load_private(Path(key_file)).public_key()
        except ConfigurationError:
            return _unavailable()
        return PlainTextResponse(signing.public_pem(public), media_type="application/x-pem-file")

    @app.get(JSON_PATH, response_model=EvidenceKey, include_in_schema=False)
    def public_key_json() -> EvidenceKey | JSONResponse:
        try:
            public = signing.load_private(Path(key_file)).public_key()
        except ConfigurationError:
            return _unavailable()
        return EvidenceKey(algorithm=signing.ALGORITHM, key_id=signing.key_id(public), pem=signing.public_pem(public))
