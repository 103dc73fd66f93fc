"""One loaded certificate store for every e-mail, instead of one per message (issue 19).

Apprise's SMTP connection (``apprise.plugins.email.smtp.AppriseSMTPController``) calls
``ssl.create_default_context()`` for every message it sends, TLS or not, and that loads the system's CA
bundle from disk (``set_default_verify_paths``): measured on this project's 2-core machine, 72 ms of a
132 ms e-mail send under load, more than building the MIME message, holding the GIL, for a context a
plain ``mailto://`` never uses. ``install`` gives that module a ``create_default_context`` whose context
loads nothing until it wraps a socket, and then:

- if it still verifies as the default does (certificate and host name required), it wraps with one
  process-wide default context, loaded once: the same checks, the same trust store;
- if Apprise turned verification off for the contact (``verify=no``: ``check_hostname`` off,
  ``CERT_NONE``), it wraps with itself, which needs no store;
- anything in between loads the default store into itself first (never less checking than before).

Only Apprise's SMTP module is given this; ``ssl`` itself and every other user of it are untouched.
"""

from __future__ import annotations

import functools
import ssl
import types
from typing import Any

import apprise.plugins.email.smtp as apprise_smtp


@functools.cache
def verifying_context() -> ssl.SSLContext:
    """The process's default client context (``ssl.create_default_context()``), loaded once."""
    return ssl.create_default_context()


class DeferredContext(ssl.SSLContext):
    """A client context whose trust store is the shared one, taken only when a socket is wrapped."""

    _loaded = False

    def wrap_socket(self, sock: Any, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        if self.verify_mode == ssl.CERT_REQUIRED and self.check_hostname:
            return verifying_context().wrap_socket(sock, *args, **kwargs)
        if self.verify_mode != ssl.CERT_NONE and not self._loaded:
            self.load_default_certs()
            self._loaded = True
        return super().wrap_socket(sock, *args, **kwargs)


def deferred_default_context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
    """``ssl.create_default_context()`` as Apprise's SMTP module calls it (no arguments), deferred."""
    if args or kwargs:  # a call we did not expect: the standard one
        return ssl.create_default_context(*args, **kwargs)
    return DeferredContext(ssl.PROTOCOL_TLS_CLIENT)  # check_hostname on, CERT_REQUIRED: the defaults


def install() -> None:
    """Give Apprise's SMTP module the deferred context; idempotent."""
    current: Any = getattr(apprise_smtp, "ssl")  # noqa: B009  (the module Apprise's SMTP code calls)
    if getattr(current, "create_default_context", None) is deferred_default_context:
        return
    shim = types.ModuleType("ssl", "ssl, with create_default_context deferred (notifications.channels.tls)")
    shim.__dict__.update({k: v for k, v in ssl.__dict__.items() if not k.startswith("__")})
    shim.create_default_context = deferred_default_context  # type: ignore[attr-defined]
    setattr(apprise_smtp, "ssl", shim)  # noqa: B010
