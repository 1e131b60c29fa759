"""Add / edit a contact: a modal form whose fields are validated before anything is saved."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.suggester import SuggestFromList

from ...models import Contact, Stage
from .fields import FieldForm, split_list
from .limits import bounds, range_text

_STAGES = [s.value for s in Stage]
#: Fields typed as comma-separated lists.
_LISTS = ("emails", "phones", "tags")


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
        inp, area = self.text_input, self.text_area
        yield from self.field("name", inp("name", "Ana Lima"), required=True)
        yield from self.field("organisation", inp("organisation"))
        yield from self.field("role", inp("role"))
        yield from self.field("met", inp("met"))
        yield from self.field("emails", inp("emails", "comma-separated"))
        yield from self.field("phones", inp("phones", "comma-separated"))
        yield from self.field("linkedin_url", inp("linkedin_url", "https://www.linkedin.com/in/…"))
        yield from self.field("tags", inp("tags", "comma-separated"))
        p_low, p_high = bounds(Contact, "priority")
        yield from self.field(
            "priority", inp("priority"), hint=f"{p_low} highest … {p_high} lowest"
        )
        yield from self.field(
            "cadence_days",
            inp("cadence_days"),
            hint=f"days ({range_text(Contact, 'cadence_days')})",
        )
        yield from self.field(
            "stage",
            inp("stage", suggester=SuggestFromList(_STAGES, case_sensitive=False)),
            hint=" / ".join(_STAGES),
        )
        yield from self.field("they_need", area("they_need"))
        yield from self.field("i_can_offer", area("i_can_offer"))
        yield from self.field("they_offer", area("they_offer"))
        yield from self.field("notes", area("notes"))

    def on_mount(self) -> None:
        self.focus_first_field()

    def on_screen_resume(self) -> None:
        self.focus_first_field()

    # -- validation ----------------------------------------------------------------

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The contact's fields as typed, checked by the model (each problem in the
        user's words, beside its field), or the problems."""
        v = self.value
        errors = self.control_errors()
        typed: dict[str, Any] = {
            name: v(name).strip() for name in self.field_names if name not in _LISTS
        }
        for name in _LISTS:  # a list left as it was stays as stored (not split again)
            kept = self.contact is not None and self.unchanged(name)
            typed[name] = getattr(self.contact, name) if kept else split_list(v(name))
        typed["stage"] = typed["stage"].lower()
        url = typed["linkedin_url"]
        if url and not (url.lower().startswith(("http://", "https://")) or "linkedin.com" in url):
            errors["linkedin_url"] = (
                f"{self.label('linkedin_url')} must be a web address: paste the profile's "
                "(https://…)"
            )
        # Everything the model checks (lengths, numbers and their ranges, the stage, an
        # email's shape, tags): its messages, naming the fields as this form does.
        base = self.contact.model_dump() if self.contact else {"created": "2000-01-01"}
        try:
            contact = Contact.model_validate({**base, **typed})
        except ValidationError as exc:
            for field, msg in self.problems_of(exc).items():
                errors.setdefault(field, msg)
            return typed, errors
        return {name: getattr(contact, name) for name in self.field_names}, errors

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
                changed = contact is not self.contact  # (the same record: nothing to save)
                label = f"Updated {contact.name}" if changed else f"No changes to {contact.name}"
        except (ValueError, ValidationError) as exc:  # the session's refusal
            return self.problems_of(exc)
        self.saved_id = contact.id
        self.notify(label, timeout=4)
        return None

    def result(self) -> str | None:
        return self.saved_id
