"""E-mail loads the CA bundle once per process, and still verifies (issue 19, ``notifications.channels.tls``).

Apprise's SMTP connection built a default TLS context, loading the system's CA bundle from disk, for every
message, even over plain SMTP: 72 ms of a 132 ms send. Now a plain send loads nothing, a verifying
connection uses one shared default context, and a certificate nobody trusts is still refused.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from notifications.channels import tls
from notifications.channels.channel import AppriseChannel, OutgoingMessage
from tests.servers import smtp_sink


def test_a_plain_smtp_send_loads_no_certificate_store() -> None:
    tls.verifying_context.cache_clear()
    with smtp_sink() as sink:
        receipt = AppriseChannel(connect_timeout=2, read_timeout=5).send(
            sink.url(), OutgoingMessage(notice_key="BR-1.initial.1.x", subject="s", text="t", html="<p>t</p>")
        )
        assert len(sink.messages) == 1
    assert receipt.outcome.value == "success"
    assert tls.verifying_context.cache_info().misses == 0


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@contextmanager
def _tls_server(directory: Path) -> Iterator[int]:
    """A TLS listener with a certificate no store trusts; accepts handshakes until closed."""
    cert, key = _self_signed(directory)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            try:
                with server_context.wrap_socket(connection, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        listener.close()


def test_a_verifying_connection_still_refuses_an_untrusted_certificate(tmp_path: Path) -> None:
    """The deferred context verifies with the shared store: a self-signed certificate is refused; with
    verification turned off for the contact (Apprise's ``verify=no``) the handshake goes through."""
    with _tls_server(tmp_path) as port:
        verifying = tls.deferred_default_context()
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            pytest.raises(ssl.SSLCertVerificationError),
        ):
            verifying.wrap_socket(raw, server_hostname="localhost")
        assert tls.verifying_context().cert_store_stats()["x509_ca"] > 0  # the system's store, loaded once
        relaxed = tls.deferred_default_context()
        relaxed.check_hostname = False
        relaxed.verify_mode = ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            relaxed.wrap_socket(raw, server_hostname="localhost").close()


def test_apprises_smtp_module_gets_the_deferred_context_and_ssl_is_untouched() -> None:
    import apprise.plugins.email.smtp as apprise_smtp  # noqa: PLC0415

    tls.install()
    assert apprise_smtp.ssl.create_default_context is tls.deferred_default_context  # type: ignore[attr-defined]
    assert ssl.create_default_context is not tls.deferred_default_context
    assert apprise_smtp.ssl.CERT_NONE is ssl.CERT_NONE  # type: ignore[attr-defined]
