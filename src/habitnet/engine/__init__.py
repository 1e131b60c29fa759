"""The coaching engine: pure rules over the state and a date.

No Textual, no I/O, no clock of its own: every function takes the state and the day.
Every decision carries reasons a person can read; the app's "why" texts are these.
See docs/COACHING.md for every formula with a worked example.
"""

from habitnet.engine._index import clear_cache, week_label, week_range, week_start_of
from habitnet.engine.budget import DEBT_WINDOW, DayBudget, budget_history, day_budget
from habitnet.engine.burnout import Risk, RiskFactor, burnout_risk
from habitnet.engine.decide import Decision, evaluate_activity
from habitnet.engine.quota import QuotaStatus, quota_status

__all__ = [
    "DEBT_WINDOW",
    "DayBudget",
    "Decision",
    "QuotaStatus",
    "Risk",
    "RiskFactor",
    "budget_history",
    "burnout_risk",
    "clear_cache",
    "day_budget",
    "evaluate_activity",
    "quota_status",
    "week_label",
    "week_range",
    "week_start_of",
]
