"""Add / edit a contact: a modal form whose fields are validated before anything is saved."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, TextArea

from ...models import Contact, Stage
from .fields import FieldForm, errors_by_field, split_list
from .limits import bounds, range_text

_STAGES = [s.value for s in Stage]


class ContactForm(FieldForm[str]):
    """Dismisses with the saved contact's id, or None when cancelled."""

    #: Every field a person edits: the model's, less the ones habitnet keeps.
    field_names = tuple(
        f
        for f in Contact.model_fields
        if f not in ("id", "created", "archived", "source", "imported_on")
    )
    first_field = "name"

    def __init__(self, contact: Contact | None = None, default_cadence: int = 30) -> None:
        super().__init__()
        self.contact = contact
        self.default_cadence = default_cadence
        self.form_title = f"Edit {contact.name}" if contact else "New contact"
        self.saved_id: str | None = None

    def initial_values(self) -> dict[str, str]:
        """Each field's starting text: the contact's, or a new contact's defaults."""
        c = self.contact
        if c is None:
            blank = dict.fromkeys(self.field_names, "")
            return {
                **blank,
                "priority": "2",
                "cadence_days": str(self.default_cadence),
                "stage": Stage.NEW.value,
            }
        return {
            "name": c.name,
            "organisation": c.organisation,
            "role": c.role,
            "met": c.met,
            "emails": ", ".join(c.emails),
            "phones": ", ".join(c.phones),
            "linkedin_url": c.linkedin_url,
            "tags": ", ".join(c.tags),
            "priority": str(c.priority),
            "cadence_days": str(c.cadence_days),
            "stage": c.stage.value,
            "they_need": c.they_need,
            "i_can_offer": c.i_can_offer,
            "they_offer": c.they_offer,
            "notes": c.notes,
        }

    def load(self, contact: Contact | None, default_cadence: int = 30) -> None:
        """Show another contact (or a blank one) in this already-built form.

        Building the form's ~80 widgets costs most of a second on a busy machine; the
        People screen keeps one form and reloads it, so only the first open pays that.
        """
        self.contact = contact
        self.default_cadence = default_cadence
        self.form_title = f"Edit {contact.name}" if contact else "New contact"
        self.saved_id = None
        self.reload()

    def compose_fields(self) -> ComposeResult:
        init = self.initial_values()

        def inp(name: str, placeholder: str = "", **kw: Any) -> Input:
            return Input(init[name], placeholder=placeholder, compact=True, **kw)

        def area(name: str) -> TextArea:
            return TextArea(init[name], compact=True, soft_wrap=True, tab_behavior="focus")

        yield from self.field("name", "Name *", inp("name", "Ana Lima"))
        yield from self.field("organisation", "Organisation", inp("organisation"))
        yield from self.field("role", "Role", inp("role"))
        yield from self.field("met", "Where / how met", inp("met"))
        yield from self.field("emails", "Email(s)", inp("emails", "comma-separated"))
        yield from self.field("phones", "Phone(s)", inp("phones", "comma-separated"))
        yield from self.field(
            "linkedin_url", "LinkedIn URL", inp("linkedin_url", "https://www.linkedin.com/in/…")
        )
        yield from self.field("tags", "Tags", inp("tags", "comma-separated"))
        p_low, p_high = bounds(Contact, "priority")
        yield from self.field(
            "priority", "Priority", inp("priority"), hint=f"{p_low} highest … {p_high} lowest"
        )
        yield from self.field(
            "cadence_days",
            "Follow up every",
            inp("cadence_days"),
            hint=f"days ({range_text(Contact, 'cadence_days')})",
        )
        yield from self.field(
            "stage",
            "Stage",
            inp("stage", suggester=SuggestFromList(_STAGES, case_sensitive=False)),
            hint=" / ".join(_STAGES),
        )
        yield from self.field("they_need", "What they need", area("they_need"))
        yield from self.field("i_can_offer", "What I can offer", area("i_can_offer"))
        yield from self.field("they_offer", "What they offer", area("they_offer"))
        yield from self.field("notes", "Notes", area("notes"))

    def on_mount(self) -> None:
        self.focus_first_field()

    def on_screen_resume(self) -> None:
        self.focus_first_field()

    # -- validation ----------------------------------------------------------------

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        v = self.value
        errors: dict[str, str] = {}
        fields: dict[str, Any] = {
            "name": v("name").strip(),
            "organisation": v("organisation").strip(),
            "role": v("role").strip(),
            "met": v("met").strip(),
            "emails": split_list(v("emails")),
            "phones": split_list(v("phones")),
            "linkedin_url": v("linkedin_url").strip(),
            "tags": split_list(v("tags")),
            "they_need": v("they_need").strip(),
            "i_can_offer": v("i_can_offer").strip(),
            "they_offer": v("they_offer").strip(),
            "notes": v("notes").strip(),
        }
        if not fields["name"]:
            errors["name"] = "a name is required"
        url = fields["linkedin_url"]
        if url and not (url.lower().startswith(("http://", "https://")) or "linkedin.com" in url):
            errors["linkedin_url"] = "not a web address; paste the profile URL (https://…)"
        p_low, p_high = bounds(Contact, "priority")
        c_low, c_high = bounds(Contact, "cadence_days")
        values = [str(n) for n in range(p_low, p_high + 1)]
        values[0] += " (highest)"
        priorities = ", ".join(values[:-1]) + " or " + values[-1]
        for name, low, high, what in (
            ("priority", p_low, p_high, f"priority is {priorities}"),
            ("cadence_days", c_low, c_high, f"a whole number of days from {c_low} to {c_high}"),
        ):
            text = v(name).strip()
            try:
                number = int(text)
            except ValueError:
                errors[name] = f"{text!r} is not a number: {what}" if text else f"required: {what}"
                continue
            if not low <= number <= high:
                errors[name] = f"{number} is out of range: {what}"
            fields[name] = number
        stage = v("stage").strip().lower()
        if stage not in _STAGES:
            errors["stage"] = f"{stage!r} is not a stage; use one of: {', '.join(_STAGES)}"
        else:
            fields["stage"] = Stage(stage)
        # Everything the model itself checks (lengths, email shape, tag length, …).
        base = self.contact.model_dump() if self.contact else {"created": "2000-01-01"}
        try:
            Contact.model_validate({**base, **{k: x for k, x in fields.items()}})
        except ValidationError as exc:
            for field, msg in errors_by_field(exc, self.field_names, "name").items():
                errors.setdefault(field, msg)
        return fields, errors

    def check(self) -> dict[str, str]:
        return self._collect()[1]

    def save(self) -> dict[str, str] | None:
        fields, errors = self._collect()
        if errors:
            return errors
        session = self.session
        try:
            if self.contact is None:
                contact = session.add_contact(**fields)
                label = f"Added contact {contact.name}"
            else:
                contact = session.update_contact(self.contact.id, **fields)
                label = f"Updated {contact.name}"
        except (ValueError, ValidationError) as exc:
            return errors_by_field(exc, self.field_names, "name")
        self.saved_id = contact.id
        self.notify(label, timeout=4)
        return None

    def result(self) -> str | None:
        return self.saved_id
