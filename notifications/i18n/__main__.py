"""``python -m notifications.i18n extract | update | check`` (see ``notifications.i18n.commands``)."""

import sys

from notifications.i18n.commands import main

sys.exit(main())
