"""How a message leaves: one method that delivers one message to one contact through Apprise, the contact
URLs it accepts, our webhook body, and the `spool://` scheme of the demo and the tests."""

import logging

# Apprise logs a URL it cannot use as it was given (it masks a password, not a secret written as the host
# or the path), and a process that runs flows has a console handler on its root logger: no secret in any
# log, so Apprise's lines reach only the handlers our calls attach for their moment (``apprise.LogCapture``
# in ``notifications.channels.channel``), which turn them into a delivery attempt's reason.
logging.getLogger("apprise").propagate = False
