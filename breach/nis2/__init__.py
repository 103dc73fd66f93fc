"""NIS2: is an incident of ours significant (Implementing Regulation (EU) 2024/2690; LAW.md section 5)?

``significance(Nis2Facts(...), entity_type="cloud" | "data_centre" | "msp" | "mssp")`` answers True,
False or None (open facts could still make it significant). Modules: ``rules`` (the dated thresholds),
``facts`` (the input), ``checks`` (three-valued comparisons), ``criteria`` (the table, one row per
criterion with its article), ``recurrence`` (Art. 4), ``losses`` (what counts as direct financial loss),
``significance`` (the answer and its reasons).
"""

from breach.nis2.criteria import CRITERIA, CRITERION_IDS, Criterion, CriterionId
from breach.nis2.facts import EarlierIncident, Nis2Facts
from breach.nis2.losses import LOSS_CATEGORIES, LossItem, direct_financial_loss
from breach.nis2.rules import ENTITY_TYPES, RULESET_VERSION, EntityType, Thresholds
from breach.nis2.significance import Reason, Significance, significance

__all__ = [
    "CRITERIA",
    "CRITERION_IDS",
    "ENTITY_TYPES",
    "LOSS_CATEGORIES",
    "RULESET_VERSION",
    "Criterion",
    "CriterionId",
    "EarlierIncident",
    "EntityType",
    "LossItem",
    "Nis2Facts",
    "Reason",
    "Significance",
    "Thresholds",
    "direct_financial_loss",
    "significance",
]
