"""Write or edit a journal entry: free text, the reflection prompts, tags, linked people."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult

from ...folding import fold
from ...messages import FORM_LABELS
from ...models import JOURNAL_PROMPTS, Contact, JournalEntry
from .fields import FieldForm, split_list

#: The model's fields this form names otherwise: the linked people are typed as names.
_FORM_FIELDS = {"contact_ids": "contacts"}


def resolve_contacts(names: list[str], contacts: list[Contact]) -> tuple[list[str], list[str]]:
    """Contact names (exact, else a unique prefix; case and accents ignored) to ids.

    Returns ``(ids, problems)``; each problem says which name failed and why.
    """
    by_name: dict[str, list[Contact]] = {}
    for c in contacts:
        by_name.setdefault(fold(c.name), []).append(c)
    ids: list[str] = []
    problems: list[str] = []
    for raw in names:
        key = fold(raw)
        exact = by_name.get(key, [])
        live = [c for c in exact if not c.archived] or exact
        if len(live) == 1:
            ids.append(live[0].id)
            continue
        if len(live) > 1:
            problems.append(f"{raw!r} matches {len(live)} contacts with that name")
            continue
        pref = [c for c in contacts if fold(c.name).startswith(key) and not c.archived]
        if len(pref) == 1:
            ids.append(pref[0].id)
        elif not pref:
            problems.append(f"no contact named {raw!r}")
        else:
            some = ", ".join(c.name for c in pref[:3])
            problems.append(f"{raw!r} could be {some}{'…' if len(pref) > 3 else ''}")
    return list(dict.fromkeys(ids)), problems


class JournalEntryForm(FieldForm[str]):
    """Dismisses with the saved entry's id, or None when cancelled."""

    field_names = ("day", "text", *(k for k, _ in JOURNAL_PROMPTS), "tags", "contacts")
    first_field = "text"
    labels = {**FORM_LABELS, "contacts": FORM_LABELS["contact_ids"]}

    def __init__(self, entry: JournalEntry | None, today: date) -> None:
        super().__init__()
        self.entry = entry
        self.today = today
        self.form_title = f"Journal entry of {entry.day:%a %d %b %Y}" if entry else "New entry"
        self.saved_id: str | None = None

    def initial_values(self) -> dict[str, str]:
        """Each field's starting text: the entry's, or a new entry for today."""
        e = self.entry
        contacts = ""
        if e is not None:
            try:
                contacts = ", ".join(self.session.contact(cid).name for cid in e.contact_ids)
            except (RuntimeError, ValueError):
                contacts = ""
        values = {
            "day": (e.day if e else self.today).isoformat(),
            "text": e.text if e else "",
            "tags": ", ".join(e.tags) if e else "",
            "contacts": contacts,
        }
        for key, _ in JOURNAL_PROMPTS:
            values[key] = getattr(e, key) if e else ""
        return values

    def load(self, entry: JournalEntry | None, today: date) -> None:
        """Show another entry (or a new one) in this already-built form."""
        self.entry = entry
        self.today = today
        self.form_title = f"Journal entry of {entry.day:%a %d %b %Y}" if entry else "New entry"
        self.saved_id = None
        self.reload()

    def compose_fields(self) -> ComposeResult:
        inp, area = self.text_input, self.text_area
        yield from self.field("day", inp("day"), hint="YYYY-MM-DD")
        yield from self.field("text", area("text", tall=True))
        for key, _prompt in JOURNAL_PROMPTS:
            yield from self.field(key, area(key))
        yield from self.field("tags", inp("tags", "comma-separated"))
        yield from self.field("contacts", inp("contacts", "names, comma-separated"))

    def on_mount(self) -> None:
        self.focus_first_field()

    def on_screen_resume(self) -> None:
        self.focus_first_field()

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        errors = self.control_errors()
        fields: dict[str, Any] = {"text": self.value("text").strip()}
        for key, _ in JOURNAL_PROMPTS:
            fields[key] = self.value(key).strip()
        kept = self.entry if self.entry is not None and self.unchanged("tags") else None
        fields["tags"] = kept.tags if kept else split_list(self.value("tags"))
        fields["day"] = self.value("day").strip()
        if not any(fields[k] for k in ("text", *(k for k, _ in JOURNAL_PROMPTS))):
            errors["text"] = "The entry is empty: write something or answer a prompt"
        names = split_list(self.value("contacts"))
        ids: list[str] = []
        if self.entry is not None and self.unchanged("contacts"):
            ids = list(self.entry.contact_ids)  # as linked (a name may hold a comma)
        elif names:
            ids, problems = resolve_contacts(names, self.session.state.contacts)
            if problems:
                errors["contacts"] = f"{self.label('contacts')}: " + "; ".join(problems)
        fields["contact_ids"] = ids
        # The model checks the date, the lengths and the tags: its messages, named as
        # this form names its fields.
        try:
            entry = JournalEntry.model_validate(fields)
        except ValidationError as exc:
            for field, msg in self.problems_of(exc, _FORM_FIELDS).items():
                errors.setdefault(field, msg)
            return fields, errors
        if entry.day > self.today:
            errors.setdefault(
                "day", f"{self.label('day')} can't be in the future (today is {self.today})"
            )
        fields["day"] = entry.day
        fields["tags"] = entry.tags
        return fields, errors

    def check(self) -> dict[str, str]:
        return self._collect()[1]

    def save(self) -> dict[str, str] | None:
        fields, errors = self._collect()
        if errors:
            return errors
        session = self.session
        try:
            if self.entry is None:
                entry = session.add_journal(**fields)
                label = f"Journal entry of {entry.day:%d %b} saved"
            else:
                entry = session.update_journal(self.entry.id, **fields)
                label = f"Journal entry of {entry.day:%d %b} updated"
        except (ValueError, ValidationError) as exc:  # the session's refusal
            return self.problems_of(exc, _FORM_FIELDS)
        self.saved_id = entry.id
        self.notify(label, timeout=4)
        return None

    def result(self) -> str | None:
        return self.saved_id
