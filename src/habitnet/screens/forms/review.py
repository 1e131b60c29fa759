"""Write a week's review: reflection, next week's intention and quota adjustments."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from ...models import Settings, WeeklyReview
from .fields import FieldForm, errors_by_field
from .limits import bounds, range_text


class ReviewForm(FieldForm[str]):
    """Dismisses with the week label once saved, or None when cancelled."""

    field_names = ("reflection", "intention", "next_daily_target", "next_daily_cap")
    first_field = "reflection"

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
        init = self.initial_values()

        def area(name: str) -> TextArea:
            w = TextArea(init[name], compact=True, soft_wrap=True, tab_behavior="focus")
            w.add_class("tall")
            return w

        def number(name: str) -> Input:
            return Input(init[name], placeholder="unchanged", compact=True)

        s = self.settings
        # Next week's numbers become the settings' daily target and cap: their limits.
        target_range = range_text(Settings, "daily_target")
        cap_range = range_text(Settings, "daily_cap")
        yield from self.field("reflection", "What went well, what was hard?", area("reflection"))
        yield from self.field("intention", "Next week's intention", area("intention"))
        yield from self.field(
            "next_daily_target",
            "Daily target next week",
            number("next_daily_target"),
            hint=f"{target_range}, blank keeps {s.daily_target}",
        )
        yield from self.field(
            "next_daily_cap",
            "Daily cap next week",
            number("next_daily_cap"),
            hint=f"{cap_range}, blank keeps {s.daily_cap}",
        )

    def on_mount(self) -> None:
        self.query_one("#f-reflection", TextArea).focus()

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        errors: dict[str, str] = {}
        fields: dict[str, Any] = {
            "reflection": self.value("reflection").strip(),
            "intention": self.value("intention").strip(),
        }
        if not fields["reflection"] and not fields["intention"]:
            errors["reflection"] = "write a reflection or next week's intention"
        for name in ("next_daily_target", "next_daily_cap"):
            low, high = bounds(Settings, name.removeprefix("next_"))
            text = self.value(name).strip()
            if not text:
                fields[name] = None
                continue
            try:
                number = int(text)
            except ValueError:
                errors[name] = f"{text!r} is not a whole number (or leave it blank)"
                continue
            if not low <= number <= high:
                errors[name] = f"{number} is outside {low}–{high}"
                continue
            fields[name] = number
        target = fields.get("next_daily_target")
        cap = fields.get("next_daily_cap")
        if "next_daily_target" not in errors and "next_daily_cap" not in errors:
            eff_target = self.settings.daily_target if target is None else target
            eff_cap = self.settings.daily_cap if cap is None else cap
            if eff_cap < eff_target:
                msg = f"the cap ({eff_cap}) must be at least the target ({eff_target})"
                errors["next_daily_cap" if cap is not None else "next_daily_target"] = msg
        try:
            WeeklyReview.model_validate({"week": self.week, **fields})
        except ValidationError as exc:
            for field, msg in errors_by_field(exc, self.field_names, "reflection").items():
                errors.setdefault(field, msg)
        return fields, errors

    def check(self) -> dict[str, str]:
        return self._collect()[1]

    def save(self) -> dict[str, str] | None:
        fields, errors = self._collect()
        if errors:
            return errors
        try:
            self.session.save_review(self.week, **fields)
        except (ValueError, ValidationError) as exc:
            return errors_by_field(exc, self.field_names, "reflection")
        self.saved_week = self.week
        self.notify(f"Review of {self.week} saved", timeout=4)
        return None

    def result(self) -> str | None:
        return self.saved_week
