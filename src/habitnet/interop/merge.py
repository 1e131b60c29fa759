"""Matching imported contacts against the data: idempotent, never duplicating.

A record matches an existing contact by LinkedIn URL, then by email, then by name and
organisation (case-, accent-form- and space-insensitive) — the same rules whichever
format it came from, so a LinkedIn export and a phone's vCard of the same person meet.
A contact with a *different* LinkedIn URL never matches by email or name.

Importing again updates: a newer organisation or role replaces the old one (people
change jobs), emails, phones and tags are added to, a note is appended once, and an
empty "met" is filled. The name you gave a contact is kept. Nothing is ever removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from habitnet.interop.records import (
    ContactRecord,
    ParseResult,
    Skipped,
    fold_key,
    normalise_linkedin_url,
)
from habitnet.models import Contact, State, format_validation_error


def cleaned_text(n: int) -> str:
    """``; 11 control characters or escape sequences removed`` for a summary, or ``""``."""
    if not n:
        return ""
    what = (
        "control character or escape sequence"
        if n == 1
        else ("control characters or escape sequences")
    )
    return f"; {n} {what} removed"


@dataclass
class Change:
    action: str  # "add" | "update" | "unchanged"
    record: ContactRecord
    after: Contact
    before: Contact | None = None
    changes: list[str] = field(default_factory=list)
    matched_by: str = ""

    def describe(self) -> str:
        c = self.after
        who = c.name + (f" ({c.organisation})" if c.organisation else "")
        if self.action == "add":
            return f"+ add     {who}  [{self.record.where}]"
        if self.action == "update":
            return f"~ update  {who}  [{self.record.where}, matched by {self.matched_by}]: " + (
                "; ".join(self.changes)
            )
        return f"= same    {who}  [{self.record.where}]"


@dataclass
class MergePlan:
    format: str
    added: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: control characters and escape sequences taken out of the file's text
    cleaned: int = 0

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )
        return text + cleaned_text(self.cleaned)

    def to_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "added": [c.after.id for c in self.added],
            "updated": [c.after.id for c in self.updated],
            "unchanged": len(self.unchanged),
            "skipped": [
                {"where": s.where, "name": s.label, "reason": s.reason} for s in self.skipped
            ],
            "warnings": list(self.warnings),
            "cleaned": self.cleaned,
        }


class _Index:
    def __init__(self) -> None:
        self.by_url: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.by_name_org: dict[tuple[str, str], str] = {}
        self.contacts: dict[str, Contact] = {}

    def add(self, contact: Contact) -> None:
        self.contacts[contact.id] = contact
        if contact.linkedin_url:
            self.by_url.setdefault(normalise_linkedin_url(contact.linkedin_url), contact.id)
        for email in contact.emails:
            self.by_email.setdefault(email.strip().lower(), contact.id)
        self.by_name_org.setdefault(
            (fold_key(contact.name), fold_key(contact.organisation)), contact.id
        )

    def match(self, record: ContactRecord) -> tuple[Contact, str] | None:
        url = normalise_linkedin_url(record.linkedin_url) if record.linkedin_url else ""
        if url and url in self.by_url:
            return self.contacts[self.by_url[url]], "LinkedIn URL"

        def compatible(c: Contact) -> bool:
            return not (url and c.linkedin_url and normalise_linkedin_url(c.linkedin_url) != url)

        for email in record.emails:
            cid = self.by_email.get(email.strip().lower())
            if cid and compatible(self.contacts[cid]):
                return self.contacts[cid], "email"
        cid = self.by_name_org.get((fold_key(record.name), fold_key(record.organisation)))
        if cid and compatible(self.contacts[cid]):
            return self.contacts[cid], "name and organisation"
        return None


def _phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.strip().startswith("+") else "") + digits or phone.strip()


def merged_fields(before: Contact, record: ContactRecord) -> tuple[dict[str, object], list[str]]:
    """The fields to change on ``before`` and a readable list of the changes."""
    update: dict[str, object] = {}
    said: list[str] = []
    for name, label in (("organisation", "organisation"), ("role", "role")):
        new = getattr(record, name)
        old = getattr(before, name)
        if new and fold_key(new) != fold_key(old):
            update[name] = new
            said.append(f"{label} {old!r} → {new!r}" if old else f"{label} {new!r}")
    if record.linkedin_url and not before.linkedin_url:
        update["linkedin_url"] = record.linkedin_url
        said.append("LinkedIn URL added")
    emails = list(before.emails)
    known = {e.lower() for e in emails}
    for e in record.emails:
        if e.lower() not in known:
            emails.append(e)
            known.add(e.lower())
            said.append(f"email {e}")
    if len(emails) != len(before.emails):
        update["emails"] = emails
    phones = list(before.phones)
    pkeys = {_phone_key(p) for p in phones}
    for p in record.phones:
        if _phone_key(p) not in pkeys:
            phones.append(p)
            pkeys.add(_phone_key(p))
            said.append(f"phone {p}")
    if len(phones) != len(before.phones):
        update["phones"] = phones
    tags = list(before.tags)
    for t in record.tags:
        if t.lower() not in tags:
            tags.append(t.lower())
            said.append(f"tag {t.lower()}")
    if len(tags) != len(before.tags):
        update["tags"] = tags
    if record.notes and record.notes.strip() not in before.notes:
        update["notes"] = (before.notes.rstrip() + "\n\n" + record.notes).strip()
        said.append("note added")
    if record.met and not before.met:
        update["met"] = record.met
        said.append(f"met {record.met!r}")
    return update, said


def plan_import(state: State, parsed: ParseResult, today: date) -> MergePlan:
    """What importing ``parsed`` into ``state`` would do. Pure: ``state`` is untouched."""
    plan = MergePlan(parsed.format, skipped=list(parsed.skipped), cleaned=parsed.cleaned)
    index = _Index()
    for contact in state.contacts:
        index.add(contact)
    pending: dict[str, Change] = {}  # contact id -> its change so far, in file order
    cadence = state.settings.default_cadence_days
    for record in parsed.records:
        for warning in record.warnings:
            plan.warnings.append(f"{record.where} ({record.name}): {warning}")
        found = index.match(record)
        if found is None:
            try:
                contact = record.to_contact(today, cadence)
            except ValidationError as exc:  # finish() validated; kept as a guard
                plan.skipped.append(
                    Skipped(record.where, format_validation_error(exc), record.name)
                )
                continue
            index.add(contact)
            pending[contact.id] = Change("add", record, contact)
            continue
        before, how = found
        update, said = merged_fields(before, record)
        previous = pending.get(before.id)
        if not update:
            if previous is None:
                pending[before.id] = Change("unchanged", record, before, before, [], how)
            continue
        try:
            after = Contact.model_validate({**before.model_dump(), **update})
        except ValidationError as exc:
            reason = "; ".join(format_validation_error(exc).splitlines())
            plan.skipped.append(Skipped(record.where, f"cannot update: {reason}", record.name))
            continue
        index.add(after)
        if previous is not None and previous.action == "add":
            pending[before.id] = Change("add", previous.record, after)
        elif previous is not None and previous.action == "update":
            pending[before.id] = Change(
                "update", record, after, previous.before, previous.changes + said, how
            )
        else:
            pending[before.id] = Change("update", record, after, before, said, how)
    for change in pending.values():
        {"add": plan.added, "update": plan.updated, "unchanged": plan.unchanged}[
            change.action
        ].append(change)
    return plan


def apply_plan(state: State, plan: MergePlan) -> State:
    """A new state with the plan's additions and updates; validated."""
    replaced = {c.after.id: c.after for c in plan.updated}
    contacts = [replaced.get(c.id, c) for c in state.contacts]
    contacts.extend(c.after for c in plan.added)
    data = state.model_dump()
    data["contacts"] = [c.model_dump() for c in contacts]
    return State.model_validate(data)
