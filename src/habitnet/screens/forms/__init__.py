"""Modal forms, and the validation helpers they share."""

from __future__ import annotations

from typing import Any

#: Shared look of the modal forms (each form adds its own rules).
FORM_CSS = """
ModalScreen { align: center middle; }
.form-box {
    width: 90; max-width: 100%; height: auto; max-height: 100%;
    border: round $primary; background: $surface; padding: 0 1;
}
.form-title { text-style: bold; color: $primary; margin-bottom: 1; }
.form-row { height: auto; }
.form-label { width: 11; color: $text-muted; }
.form-row > Input, .form-row > Select { width: 1fr; }
.form-error { color: $error; padding-left: 11; height: auto; }
.form-buttons { height: auto; margin-top: 1; align: right middle; }
.form-buttons Button { margin-left: 2; }
#verdict { margin-top: 1; height: auto; }
#override-box { height: auto; }
#verdict.-ok { color: $success; }
#verdict.-refused { color: $warning; text-style: bold; }
"""

#: Model-level messages that belong to one field.
_MODEL_MESSAGE_FIELDS = (
    ("daily cap", "daily_cap"),
    ("red threshold", "risk_red"),
    ("activity kind", "activity_kinds"),
    ("at least one day", "rest_weekdays"),
)


def settings_errors(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, str]:
    """Validate ``changes`` over ``current`` settings; {field: message} for each problem.

    Problems the model reports for the whole (e.g. cap below target) are put on the
    field they name. An empty dict means the settings are valid.
    """
    from pydantic import ValidationError

    from ...models import Settings

    try:
        Settings.model_validate({**current, **changes})
    except ValidationError as exc:
        out: dict[str, str] = {}
        for err in exc.errors():
            loc = err.get("loc", ())
            msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
            field = str(loc[0]) if loc else ""
            if not field:
                lowered = msg.lower()
                field = next((f for text, f in _MODEL_MESSAGE_FIELDS if text in lowered), "")
            out.setdefault(field or "_form", msg)
        return out
    return {}


def parse_int(text: str, name: str) -> int:
    """A whole number from a text field, or ValueError with a message for the user."""
    value = text.strip()
    if not value:
        raise ValueError(f"{name} is required")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
