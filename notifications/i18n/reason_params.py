"""Which risk-reason params are codes, and the label group whose words print them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# Reason params whose value is a code (``breach.risk.rules.params``): shown through this label group.
REASON_PARAM_GROUPS: Final[Mapping[str, str]] = {"recipients": "recipients", "severity": "severity", "risk": "risk"}
