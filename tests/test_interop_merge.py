"""Importing is idempotent and matches across LinkedIn and vCard."""

from __future__ import annotations

from datetime import date

from habitnet.interop import apply_plan, linkedin, plan_import, vcard
from habitnet.models import Contact, State

TODAY = date(2026, 11, 21)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
LINKEDIN = HEADER + (
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines Ltd,Programmer,12 Mar 2024\n"
    "Grace,Hopper,,grace@navy.example,US Navy,Admiral,1 Jan 2020\n"
    "Alan,Turing,,,Bletchley,Codebreaker,1 Jan 2021\n"
)


def _import(state: State, data: str, parser=linkedin.parse) -> tuple[State, object]:
    plan = plan_import(state, parser(data.encode()), TODAY)
    return apply_plan(state, plan), plan


def test_first_import_adds_then_reimport_changes_nothing() -> None:
    state, plan = _import(State(), LINKEDIN)
    assert plan.summary() == "3 added, 0 updated, 0 unchanged, 0 skipped"
    assert [c.name for c in state.contacts] == ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
    assert all(c.created == TODAY for c in state.contacts)
    again, plan2 = _import(state, LINKEDIN)
    assert plan2.summary() == "0 added, 0 updated, 3 unchanged, 0 skipped"
    assert not plan2.changes_anything
    assert again == state


def test_reimport_updates_a_changed_job_matched_by_url() -> None:
    state, _ = _import(State(), LINKEDIN)
    ada_id = state.contacts[0].id
    moved = LINKEDIN.replace("Engines Ltd,Programmer", "New Co,CTO")
    state2, plan = _import(state, moved)
    assert plan.summary() == "0 added, 1 updated, 2 unchanged, 0 skipped"
    (change,) = plan.updated
    assert change.matched_by == "LinkedIn URL"
    assert "organisation 'Engines Ltd' → 'New Co'" in change.changes
    ada = state2.contact_map()[ada_id]
    assert (ada.organisation, ada.role) == ("New Co", "CTO")
    assert len(state2.contacts) == 3


def test_match_by_email_then_by_name_and_organisation() -> None:
    state, _ = _import(State(), LINKEDIN)
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:G. Hopper\nEMAIL:GRACE@navy.example\nTEL:+1 555\n"
        "END:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:alan  TURING\nORG:Bletchley\nEMAIL:alan@b.example\n"
        "END:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Alan Turing\nORG:Manchester\nEND:VCARD\n"
    )
    state2, plan = _import(state, card, vcard.parse)
    assert plan.summary() == "1 added, 2 updated, 0 unchanged, 0 skipped"
    how = {c.after.name: c.matched_by for c in plan.updated}
    assert how == {"Grace Hopper": "email", "Alan Turing": "name and organisation"}
    grace = next(c for c in state2.contacts if c.name == "Grace Hopper")
    assert grace.phones == ["+1 555"]
    assert grace.emails == ["grace@navy.example"]  # same address, other case: not added
    # A different organisation is a different person.
    assert sum(c.name == "Alan Turing" for c in state2.contacts) == 2


def test_cross_format_vcard_then_linkedin_does_not_duplicate() -> None:
    card = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ada Lovelace\nORG:Engines Ltd\n"
        "URL:http://linkedin.com/in/ADA/\nTEL:+44 20 7946 0000\nEND:VCARD\n"
    )
    state, _ = _import(State(), card, vcard.parse)
    state2, plan = _import(state, LINKEDIN)
    assert plan.summary() == "2 added, 1 updated, 0 unchanged, 0 skipped"
    ada = next(c for c in state2.contacts if c.name == "Ada Lovelace")
    assert ada.phones == ["+44 20 7946 0000"]
    assert ada.role == "Programmer"
    assert ada.met == "LinkedIn, connected 2024-03-12"
    state3, plan3 = _import(state2, card, vcard.parse)
    assert not plan3.changes_anything
    assert state3 == state2


def test_different_linkedin_urls_never_match_by_name() -> None:
    state = State(
        contacts=[
            Contact(
                name="Ada Lovelace",
                organisation="Engines Ltd",
                linkedin_url="https://linkedin.com/in/another-ada",
                created=TODAY,
            )
        ]
    )
    _, plan = _import(state, LINKEDIN)
    assert len(plan.added) == 3


def test_user_edits_are_kept_and_notes_appended_once() -> None:
    state = State(
        contacts=[
            Contact(
                name="Dr Jane Doe",
                emails=["jane@x.example"],
                notes="my own words",
                tags=["vip"],
                priority=1,
                created=date(2025, 1, 1),
            )
        ]
    )
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:jane@x.example\nNOTE:from phone\n"
        "CATEGORIES:friends\nEND:VCARD\n"
    )
    state2, plan = _import(state, card, vcard.parse)
    (jane,) = state2.contacts
    assert jane.name == "Dr Jane Doe"
    assert jane.priority == 1
    assert jane.created == date(2025, 1, 1)
    assert jane.notes == "my own words\n\nfrom phone"
    assert jane.tags == ["vip", "friends"]
    state3, plan3 = _import(state2, card, vcard.parse)
    assert not plan3.changes_anything
    assert state3.contacts[0].notes == "my own words\n\nfrom phone"


def test_duplicates_within_one_file_merge() -> None:
    text = HEADER + (
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines Ltd,Programmer,12 Mar 2024\n"
        "Ada,Lovelace,https://linkedin.com/in/ada/,ada@e.example,Engines Ltd,Programmer,"
        "12 Mar 2024\n"
    )
    state, plan = _import(State(), text)
    assert plan.summary() == "1 added, 0 updated, 0 unchanged, 0 skipped"
    assert state.contacts[0].emails == ["ada@e.example"]


def test_skipped_rows_are_carried_into_the_plan() -> None:
    text = HEADER + ",,,,,,x\nAda,L,,,Org,,1 Jan 2020\n"
    _, plan = _import(State(), text)
    assert plan.summary() == "1 added, 0 updated, 0 unchanged, 1 skipped"
    assert plan.to_dict()["skipped"] == [{"where": "line 2", "name": "", "reason": "no name"}]


def test_plan_leaves_the_state_untouched() -> None:
    state, _ = _import(State(), LINKEDIN)
    before = state.model_dump()
    plan_import(state, linkedin.parse(LINKEDIN.replace("Programmer", "CEO").encode()), TODAY)
    assert state.model_dump() == before
