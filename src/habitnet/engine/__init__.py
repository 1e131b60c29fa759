"""The coaching engine: pure rules over the state and a date.

No Textual, no I/O, no clock of its own: every function takes the state and the day.
Every decision carries reasons a person can read; the app's "why" texts are these.
See docs/COACHING.md for every formula with a worked example.
"""

from habitnet.engine._index import clear_cache, week_label, week_range, week_start_of
from habitnet.engine.budget import DEBT_WINDOW, DayBudget, budget_history, day_budget
from habitnet.engine.burnout import Risk, RiskFactor, burnout_risk
from habitnet.engine.consistency import (
    Burst,
    consistency,
    consistency_series,
    detect_bursts,
)
from habitnet.engine.decide import Decision, evaluate_activity
from habitnet.engine.plan import Overview, PlanItem, today_overview, todays_plan
from habitnet.engine.quota import QuotaStatus, quota_status
from habitnet.engine.relationships import (
    ContactHealth,
    all_contact_health,
    contact_health,
    due_followups,
    reconnect_candidates,
)
from habitnet.engine.review import DaySummary, WeeklySummary, weekly_summary

__all__ = [
    "DEBT_WINDOW",
    "Burst",
    "ContactHealth",
    "DayBudget",
    "DaySummary",
    "Decision",
    "Overview",
    "PlanItem",
    "QuotaStatus",
    "Risk",
    "RiskFactor",
    "WeeklySummary",
    "all_contact_health",
    "budget_history",
    "burnout_risk",
    "clear_cache",
    "consistency",
    "consistency_series",
    "contact_health",
    "day_budget",
    "detect_bursts",
    "due_followups",
    "evaluate_activity",
    "quota_status",
    "reconnect_candidates",
    "today_overview",
    "todays_plan",
    "week_label",
    "week_range",
    "week_start_of",
    "weekly_summary",
]
