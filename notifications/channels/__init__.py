"""How a message leaves: one method that delivers one message to one contact through Apprise, the contact
URLs it accepts, our webhook body, the `spool://` scheme of the demo and the tests, and `breach://`, another
engine's intake (``notifications.channels.engine``, registered with Apprise as this package loads)."""

import logging

import notifications.channels.engine  # noqa: F401  (registers the breach:// and breachs:// schemes)

# Apprise logs a URL it cannot use as it was given (it masks a password, not a secret written as the host
# or the path), and a process that runs flows has a console handler on its root logger: no secret in any
# log, so Apprise's lines reach only the handlers our calls attach for their moment (``apprise.LogCapture``
# in ``notifications.channels.channel``), which turn them into a delivery attempt's reason.
logging.getLogger("apprise").propagate = False
