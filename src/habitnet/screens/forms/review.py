"""Write a week's review: reflection, next week's intention and quota adjustments."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.widgets import TextArea

from ...messages import FORM_LABELS
from ...models import Settings, WeeklyReview
from .fields import FieldForm
from .limits import range_text

#: The settings' fields next week's numbers become, as this form names them.
_FORM_FIELDS = {"daily_target": "next_daily_target", "daily_cap": "next_daily_cap"}


class ReviewForm(FieldForm[str]):
    """Dismisses with the week label once saved, or None when cancelled."""

    field_names = ("reflection", "intention", "next_daily_target", "next_daily_cap")
    first_field = "reflection"
    labels = {
        **FORM_LABELS,
        **{setting: FORM_LABELS[field] for setting, field in _FORM_FIELDS.items()},
    }

    def __init__(self, week: str, review: WeeklyReview | None, settings: Settings) -> None:
        super().__init__()
        self.week = week
        self.review = review
        self.settings = settings
        self.form_title = f"Review of {week}"
        self.saved_week: str | None = None

    def initial_values(self) -> dict[str, str]:
        r = self.review

        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        return {
            "reflection": r.reflection if r else "",
            "intention": r.intention if r else "",
            "next_daily_target": number(r.next_daily_target if r else None),
            "next_daily_cap": number(r.next_daily_cap if r else None),
        }

    def compose_fields(self) -> ComposeResult:
        s = self.settings
        # Next week's numbers become the settings' daily target and cap: their limits.
        target_range = range_text(Settings, "daily_target")
        cap_range = range_text(Settings, "daily_cap")
        yield from self.field("reflection", self.text_area("reflection", tall=True))
        yield from self.field("intention", self.text_area("intention", tall=True))
        yield from self.field(
            "next_daily_target",
            self.text_input("next_daily_target", "unchanged"),
            hint=f"{target_range}, blank keeps {s.daily_target}",
        )
        yield from self.field(
            "next_daily_cap",
            self.text_input("next_daily_cap", "unchanged"),
            hint=f"{cap_range}, blank keeps {s.daily_cap}",
        )

    def on_mount(self) -> None:
        self.query_one("#f-reflection", TextArea).focus()

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        errors = self.control_errors()
        fields: dict[str, Any] = {
            "reflection": self.value("reflection").strip(),
            "intention": self.value("intention").strip(),
        }
        if not fields["reflection"] and not fields["intention"]:
            errors["reflection"] = (
                f"Write what went well or was hard, or {self.label('intention').lower()}"
            )
        for name in ("next_daily_target", "next_daily_cap"):
            fields[name] = self.value(name).strip() or None
        try:
            review = WeeklyReview.model_validate({"week": self.week, **fields})
            # They become next week's settings: the settings' limits (cap ≥ 1, cap ≥
            # target), on the fields of this form.
            changes = {
                setting: value
                for setting, value in (
                    ("daily_target", review.next_daily_target),
                    ("daily_cap", review.next_daily_cap),
                )
                if value is not None
            }
            Settings.model_validate({**self.settings.model_dump(), **changes})
        except ValidationError as exc:
            which = (
                "next_daily_cap" if fields["next_daily_cap"] is not None else "next_daily_target"
            )
            mapping = {**_FORM_FIELDS, "": which}
            for field, msg in self.problems_of(exc, mapping).items():
                errors.setdefault(field, msg)
            return fields, errors
        fields["next_daily_target"] = review.next_daily_target
        fields["next_daily_cap"] = review.next_daily_cap
        return fields, errors

    def check(self) -> dict[str, str]:
        return self._collect()[1]

    def save(self) -> dict[str, str] | None:
        fields, errors = self._collect()
        if errors:
            return errors
        try:
            self.session.save_review(self.week, **fields)
        except (ValueError, ValidationError) as exc:  # the session's refusal
            return self.problems_of(exc)
        self.saved_week = self.week
        self.notify(f"Review of {self.week} saved", timeout=4)
        return None

    def result(self) -> str | None:
        return self.saved_week
