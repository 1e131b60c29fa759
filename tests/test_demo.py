"""The demo dataset: deterministic, valid, realistic, and full of the cases the engine needs."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from habitnet.clock import DEMO_NOW
from habitnet.demo import generate
from habitnet.models import DEFAULT_KINDS, Activity, Direction, State, iso_week_of


@pytest.fixture(scope="module")
def one_year() -> State:
    return generate(years=1, seed=7)


def _interactions(state: State) -> dict[str, list[Activity]]:
    by_contact: dict[str, list[Activity]] = defaultdict(list)
    for a in sorted(state.activities, key=lambda a: a.at):
        for cid in a.contact_ids:
            by_contact[cid].append(a)
    return by_contact


# -- determinism -------------------------------------------------------------------------


def test_same_arguments_give_identical_json(one_year: State) -> None:
    again = generate(years=1, seed=7)
    assert again.model_dump_json() == one_year.model_dump_json()


def test_different_seed_gives_different_data(one_year: State) -> None:
    other = generate(years=1, seed=8)
    assert other.model_dump_json() != one_year.model_dump_json()
    assert {c.id for c in other.contacts}.isdisjoint({c.id for c in one_year.contacts})


def test_different_end_moves_the_data() -> None:
    later = DEMO_NOW + timedelta(days=10)
    state = generate(years=0.5, seed=7, end=later)
    assert max(a.at for a in state.activities) <= later
    assert max(a.day for a in state.activities) == later.date()


def test_does_not_depend_on_the_machine_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    first = generate(years=0.3, seed=3).model_dump_json()
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    try:
        assert generate(years=0.3, seed=3).model_dump_json() == first
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


# -- validity and size -------------------------------------------------------------------


def test_one_year_round_trips_through_validation(one_year: State) -> None:
    assert State.model_validate(one_year.model_dump()) == one_year
    assert State.model_validate_json(one_year.model_dump_json()) == one_year


def test_one_year_counts(one_year: State) -> None:
    assert 280 <= len(one_year.contacts) <= 320
    assert 1_000 <= len(one_year.activities) <= 1_600
    assert 250 <= len(one_year.journal) <= 340
    active_days = {a.day for a in one_year.activities}
    mornings = {c.day for c in one_year.checkins if c.kind == "morning"}
    assert len(mornings & active_days) >= 0.8 * len(active_days)
    assert any(c.kind == "evening" for c in one_year.checkins)
    # A review for most past weeks.
    assert 40 <= len(one_year.reviews) <= 52


def test_ten_years_scale() -> None:
    # Generation speed is measured in bench/run.py, never asserted here.
    state = generate(years=10, seed=1)
    assert 2_900 <= len(state.contacts) <= 3_100
    assert 12_000 <= len(state.activities) <= 16_000
    assert 2_600 <= len(state.journal) <= 3_400
    assert 400 <= len(state.reviews) <= 522


def test_short_and_tiny_spans_are_valid() -> None:
    for years in (0.01, 0.1, 0.25):
        state = generate(years=years, seed=5)
        State.model_validate(state.model_dump())
        assert state.contacts
        assert all(c.created <= DEMO_NOW.date() for c in state.contacts)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate(end=datetime(2026, 11, 21, 9, 30))
    with pytest.raises(ValueError, match="years"):
        generate(years=0)


# -- realism -----------------------------------------------------------------------------


def test_every_default_kind_and_direction_appears(one_year: State) -> None:
    kinds = Counter(a.kind for a in one_year.activities)
    assert set(kinds) == {k.name for k in one_year.settings.activity_kinds}
    assert {k.name for k in DEFAULT_KINDS} < set(kinds)
    # the demo user added a kind of their own: replies, free and not outreach
    reply = one_year.settings.kind("reply")
    assert reply is not None and reply.cost == 0 and not reply.counts_toward_quota
    assert kinds["reply"] > 50
    # Cheap kinds dominate.
    assert kinds["message"] + kinds["follow-up"] > kinds["event"] + kinds["volunteering"] * 5
    directions = Counter(a.direction for a in one_year.activities if a.contact_ids)
    assert set(directions) == set(Direction)
    # a direction belongs to a person: none on an activity with nobody
    assert all(a.direction is None for a in one_year.activities if not a.contact_ids)
    assert any(not a.contact_ids for a in one_year.activities)


def test_marked_as_a_demo_that_starts_on_its_first_day(one_year: State) -> None:
    from habitnet.engine import first_day

    assert one_year.meta.demo is True
    first = min(a.day for a in one_year.activities)
    assert one_year.meta.started is not None and one_year.meta.started <= first
    assert first_day(one_year) == one_year.meta.started
    assert State().meta.demo is False  # the user's own data is never marked


def test_costs_mostly_follow_the_kind(one_year: State) -> None:
    cost = {k.name: k.cost for k in one_year.settings.activity_kinds}
    same = sum(1 for a in one_year.activities if a.cost == cost[a.kind])
    assert 0.85 * len(one_year.activities) <= same < len(one_year.activities)


def test_contacts_are_rich(one_year: State) -> None:
    contacts = one_year.contacts
    assert len({c.name for c in contacts}) == len(contacts)
    assert any(ch in "".join(c.name for c in contacts) for ch in "éëłŁüö")
    assert {c.priority for c in contacts} == {1, 2, 3}
    assert all(14 <= c.cadence_days <= 180 for c in contacts)
    # low-priority contacts are kept up with less often
    assert min(c.cadence_days for c in contacts if c.priority == 3) >= 60
    assert len({c.stage for c in contacts}) == 4
    assert sum(1 for c in contacts if c.emails) > len(contacts) / 2
    assert sum(1 for c in contacts if c.linkedin_url) > len(contacts) / 3
    assert all(url.isascii() for c in contacts for url in [c.linkedin_url, *c.emails])
    assert sum(1 for c in contacts if c.they_need and c.i_can_offer) > len(contacts) / 4
    tags = Counter(t for c in contacts for t in c.tags)
    assert {"recruiter", "design", "data", "alumni", "client", "mentor"} <= set(tags)
    assert len({c.organisation for c in contacts}) > 30
    assert any(c.archived for c in contacts)


def _outreach(state: State) -> list[Activity]:
    """Activities that count toward the quota (the custom 'reply' kind does not)."""
    counting = {k.name for k in state.settings.activity_kinds if k.counts_toward_quota}
    return [a for a in state.activities if a.kind in counting]


def test_activities_per_day_and_sundays(one_year: State) -> None:
    per_day = Counter(a.day for a in _outreach(one_year))
    assert all(n <= 8 for n in per_day.values())
    sundays = [d for d in per_day if d.weekday() == 6]
    weekdays = [d for d in per_day if d.weekday() != 6]
    assert 0 < len(sundays) < len(weekdays) / 10
    for a in one_year.activities:
        if a.day.weekday() == 6:
            assert a.override_reason, f"rest-day activity {a.id} has no reason"


def test_overrides_exist_with_reasons(one_year: State) -> None:
    overrides = [a for a in one_year.activities if a.override_reason]
    assert len(overrides) >= 10
    assert any("Conference" in (a.override_reason or "") for a in overrides)
    per_day = Counter(a.day for a in _outreach(one_year))
    over_cap = [d for d, n in per_day.items() if n > one_year.settings.daily_cap]
    assert over_cap
    # Every day over the cap has its extra activities explained.
    for day in over_cap:
        todays = [a for a in _outreach(one_year) if a.day == day]
        assert sum(1 for a in todays if a.override_reason) >= len(todays) - 5


def test_a_bursty_job_hunt_month_follows_quiet_weeks(one_year: State) -> None:
    def monday(d: date) -> date:
        return d - timedelta(days=d.weekday())

    weekly = Counter(monday(a.day) for a in one_year.activities)
    asks = Counter(monday(a.day) for a in one_year.activities if a.direction == "asked")
    found = False
    week = monday(min(weekly)) + timedelta(weeks=8)
    while week <= DEMO_NOW.date():
        before = [weekly[week - timedelta(weeks=k)] for k in range(1, 9)]
        if sum(before) <= 3 * 8 and weekly[week] >= 25 and asks[week] >= 0.4 * weekly[week]:
            found = True
        week += timedelta(weeks=1)
    assert found, "no week of many asks right after eight quiet weeks"


def test_one_sided_and_reconnect_candidates_exist(one_year: State) -> None:
    by_contact = _interactions(one_year)
    one_sided = [
        cid
        for cid, acts in by_contact.items()
        if len(acts) >= 2 and all(a.direction == "asked" for a in acts[-5:])
    ]
    assert len(one_sided) >= 3
    cutoff = DEMO_NOW.date() - timedelta(days=180)
    reconnect = [cid for cid, acts in by_contact.items() if acts[-1].day < cutoff]
    assert len(reconnect) >= 5
    # … and plenty of healthy, recent, two-way relationships.
    recent = [cid for cid, acts in by_contact.items() if acts[-1].day >= cutoff]
    assert len(recent) > 100


def test_meetings_get_thank_yous(one_year: State) -> None:
    thanks = [a for a in one_year.activities if (a.note or "").startswith("Thank-you note")]
    assert len(thanks) > 50
    assert all(a.kind == "follow-up" and len(a.contact_ids) == 1 for a in thanks)


def test_journal_is_prose_and_searchable(one_year: State) -> None:
    names = {c.id: c.name for c in one_year.contacts}
    entries = one_year.journal
    assert len({j.text for j in entries}) > 0.9 * len(entries)
    assert all(len(j.text) > 40 and j.text.endswith(".") for j in entries)
    with_people = [j for j in entries if j.contact_ids]
    assert len(with_people) > 0.7 * len(entries)
    # The first linked contact is named in the prose, so a search for them finds the entry.
    named = sum(1 for j in with_people if names[j.contact_ids[0]] in j.text)
    assert named > 0.9 * len(with_people)
    for field in ("value_offered", "was_mutual", "learned", "follow_up_plan"):
        assert sum(1 for j in entries if getattr(j, field)) > len(entries) / 3
    assert any("job-hunt" in j.tags for j in entries)
    assert all(j.tags for j in entries)


def test_reviews_have_prose_and_no_summary(one_year: State) -> None:
    assert all(r.reflection and r.intention and r.summary == {} for r in one_year.reviews)
    assert all(r.written_at is not None and r.written_at <= DEMO_NOW for r in one_year.reviews)
    for r in one_year.reviews:
        y, w = (int(x) for x in r.week.split("-W"))
        sunday = date.fromisocalendar(y, w, 7)
        assert r.written_at is not None and r.written_at.date() >= sunday
    assert any(r.next_daily_target is not None for r in one_year.reviews)


# -- time --------------------------------------------------------------------------------


def test_nothing_after_end_except_follow_ups(one_year: State) -> None:
    today = DEMO_NOW.date()
    assert all(a.at <= DEMO_NOW for a in one_year.activities)
    assert all(c.day <= today for c in one_year.checkins)
    assert all(j.day <= today for j in one_year.journal)
    assert all(c.created <= today for c in one_year.contacts)
    assert any(a.follow_up and a.follow_up > today for a in one_year.activities)
    assert all(a.follow_up is None or a.follow_up > a.day for a in one_year.activities)


def test_today_is_a_realistic_partial_day(one_year: State) -> None:
    today = DEMO_NOW.date()
    todays = [a for a in _outreach(one_year) if a.day == today]
    assert 1 <= len(todays) <= 2
    assert one_year.checkin(today) is not None
    assert not any(c.day == today and c.kind == "evening" for c in one_year.checkins)


@pytest.mark.parametrize(
    "end",
    [
        datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 11, 21, 0, 20, tzinfo=timezone(timedelta(hours=-7))),
        datetime(2026, 11, 22, 23, 50, tzinfo=timezone(timedelta(hours=1))),  # a Sunday
    ],
)
def test_timestamps_carry_the_end_offset(end: datetime) -> None:
    state = generate(years=0.3, seed=11, end=end)
    State.model_validate(state.model_dump())
    offset = end.utcoffset()
    assert all(a.at.utcoffset() == offset for a in state.activities)
    assert all(
        r.written_at is not None and r.written_at.utcoffset() == offset for r in state.reviews
    )
    assert all(a.at <= end for a in state.activities)
    assert max(c.day for c in state.checkins) == end.date()
    assert state.activities[0].at.isoformat()[-6:] == end.isoformat()[-6:]


def test_zoneinfo_end_is_valid_across_dst() -> None:
    end = datetime(2026, 11, 21, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    state = generate(years=1, seed=2, end=end)
    State.model_validate_json(state.model_dump_json())
    offsets = {a.at.utcoffset() for a in state.activities}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert all(a.at <= end for a in state.activities)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42])
def test_invariants_hold_for_other_seeds(seed: int) -> None:
    state = generate(years=0.7, seed=seed)
    State.model_validate(state.model_dump())
    assert all(a.at <= DEMO_NOW for a in state.activities)
    assert all(a.override_reason for a in state.activities if a.day.weekday() == 6)
    assert {a.kind for a in state.activities} == {k.name for k in state.settings.activity_kinds}
    assert any((a.override_reason or "").startswith("Conference") for a in state.activities)
    outreach = _outreach(state)
    per_day = Counter(a.day for a in outreach)
    for day, n in per_day.items():
        explained = sum(1 for a in outreach if a.day == day and a.override_reason)
        assert n - explained <= state.settings.daily_cap


def _unexplained_breaks(state: State) -> list[str]:
    """Hand-checked coaching limits: streaks, rest days and caps (a review may lower them)."""
    s = state.settings
    by_day: dict[date, list[Activity]] = defaultdict(list)
    for a in _outreach(state):
        by_day[a.day].append(a)
    problems = []
    day, last = min(by_day), max(by_day)
    streak = 0
    while day <= last:
        acts = sorted(by_day.get(day, []), key=lambda a: a.at)
        review = state.review(iso_week_of(day - timedelta(days=7)))
        cap = s.daily_cap
        if review is not None and review.next_daily_cap is not None:
            cap = review.next_daily_cap
        rest = day.weekday() in s.rest_weekdays or streak >= s.max_active_streak
        for n, a in enumerate(acts):
            if (rest or n >= cap) and not a.override_reason:
                problems.append(f"{a.at} {a.kind}: rest={rest} n={n} cap={cap}")
        streak = streak + 1 if acts else 0
        day += timedelta(days=1)
    return problems


@pytest.mark.parametrize("seed", [7, 1, 2])
def test_rest_streak_and_cap_breaks_are_explained(seed: int) -> None:
    state = generate(years=1, seed=seed)
    assert _unexplained_breaks(state) == []
    assert any(r.next_daily_cap is not None for r in state.reviews)
