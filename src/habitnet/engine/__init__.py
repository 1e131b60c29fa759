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
from habitnet.engine.days import BACKDATE_GRACE, backdate_problem, first_day
from habitnet.engine.decide import Decision, evaluate_activity
from habitnet.engine.plan import Overview, PlanItem, today_overview, todays_plan
from habitnet.engine.quota import QuotaStatus, quota_status
from habitnet.engine.relationships import (
    ContactDates,
    ContactHealth,
    all_contact_health,
    contact_dates,
    contact_health,
    contact_history,
    due_followups,
    health_getter,
    hello_schedule,
    reconnect_candidates,
)
from habitnet.engine.review import DaySummary, WeeklySummary, weekly_summary

__all__ = [
    "BACKDATE_GRACE",
    "DEBT_WINDOW",
    "Burst",
    "ContactDates",
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
    "backdate_problem",
    "budget_history",
    "burnout_risk",
    "clear_cache",
    "consistency",
    "consistency_series",
    "contact_dates",
    "contact_health",
    "contact_history",
    "day_budget",
    "detect_bursts",
    "due_followups",
    "evaluate_activity",
    "first_day",
    "health_getter",
    "hello_schedule",
    "quota_status",
    "reconnect_candidates",
    "today_overview",
    "todays_plan",
    "week_label",
    "week_range",
    "week_start_of",
    "weekly_summary",
]
