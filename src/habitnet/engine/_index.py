"""A per-state index: per-day aggregates built in one pass and cached per state object.

The engine never scans ten years of activities per question. The first call for a state
builds dictionaries keyed by the day's ordinal (``date.toordinal()``); later calls reuse
them. The cache notices changes by identity: it keeps the tuple of list items it indexed
and compares it with the state's lists (``is`` per item, about a millisecond for 25,000
items). Appending or removing a handful of activities or check-ins (log, undo) updates
the index in place and forgets only the derived values for the days at and after the
change; other changes rebuild it. Models are treated as values: replace an item in its
list rather than mutating its fields (or call :func:`clear_cache`).
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from itertools import accumulate, compress, count, islice
from typing import Any

from habitnet.models import (
    Activity,
    ActivityKind,
    CheckIn,
    CheckInKind,
    Contact,
    JournalEntry,
    Settings,
    State,
    WeeklyReview,
    iso_week_of,
)

#: How many changed items the in-place update handles before a full rebuild.
_INCREMENTAL_LIMIT = 64
#: How many states the cache keeps (the app has one; tests make many).
_CACHE_SIZE = 8

_AT = operator.attrgetter("at")
_DAY = operator.attrgetter("day")
_ID = operator.attrgetter("id")
_COST = operator.attrgetter("cost")
_KIND = operator.attrgetter("kind")
_CONTACT_IDS = operator.attrgetter("contact_ids")
_OVERRIDE = operator.attrgetter("override_reason")


def _same(current: Sequence[Any], snapshot: tuple[Any, ...]) -> bool:
    return len(current) == len(snapshot) and all(map(operator.is_, current, snapshot))


def _diff(current: Sequence[Any], snapshot: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
    """(added, removed) by identity."""
    n = len(snapshot)
    if len(current) >= n and all(map(operator.is_, current[:n], snapshot)):
        return list(current[n:]), []
    if len(current) < n and all(map(operator.is_, current, snapshot[: len(current)])):
        return [], list(snapshot[len(current) :])
    now_ids = {id(x) for x in current}
    old_ids = {id(x) for x in snapshot}
    return [x for x in current if id(x) not in old_ids], [
        x for x in snapshot if id(x) not in now_ids
    ]


def settings_key(settings: Settings) -> str:
    return settings.model_dump_json()


def week_start_of(day: date, week_start: int) -> date:
    """The first day of the ``week_start``-based week holding ``day`` (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_label(day: date, week_start: int) -> str:
    """The label of the week holding ``day``: the ISO week of the week's fourth day.

    With ``week_start = 0`` this is exactly the ISO week. With another start the week
    carries the label of the ISO week it shares most of its days (and its Thursday) with.
    """
    return iso_week_of(week_start_of(day, week_start) + timedelta(days=3))


def week_range(label: str, week_start: int) -> tuple[date, date]:
    """(first, last) day of the week labelled ``label`` (like ``2026-W47``)."""
    from habitnet.models import parse_iso_week

    year, week = parse_iso_week(label)
    thursday = date.fromisocalendar(year, week, 4)
    start = week_start_of(thursday, week_start)
    return start, start + timedelta(days=6)


def pts(n: int) -> str:
    """``1 point`` / ``3 points``."""
    return f"{n} point" if n == 1 else f"{n} points"


def fmt_day(day: date) -> str:
    return f"{day:%a} {day:%b} {day.day}"


def fmt_short(day: date) -> str:
    return f"{day:%b} {day.day}"


def _by_id(contacts: tuple[Contact, ...]) -> dict[str, Contact]:
    return dict(zip(map(_ID, contacts), contacts, strict=True))


def _day_at(a: Activity) -> tuple[int, datetime]:
    return (a.at.toordinal(), a.at)


class Index:
    """Aggregates of one state. Internal to the engine."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.settings = state.settings
        self.settings_key = settings_key(state.settings)
        self.kinds: dict[str, ActivityKind] = {
            k.name.lower(): k for k in state.settings.activity_kinds
        }
        self.acts_snap: tuple[Activity, ...] = tuple(state.activities)
        self.checkins_snap: tuple[CheckIn, ...] = tuple(state.checkins)
        self.contacts_snap: tuple[Contact, ...] = tuple(state.contacts)
        self.journal_snap: tuple[JournalEntry, ...] = tuple(state.journal)
        self.reviews_snap: tuple[WeeklyReview, ...] = tuple(state.reviews)

        #: per day ordinal: its activities, in time order unless in ``_unsorted_days``
        self.day_acts: dict[int, list[Activity]] = {}
        self._unsorted_days: set[int] = set()
        self.spent: dict[int, int] = {}
        self.count: dict[int, int] = {}
        self.high: dict[int, int] = {}
        self.overrides: dict[int, int] = {}
        #: per contact: activities in (day, time) order and their day ordinals
        self.contact_days: dict[str, list[int]] = {}
        self.contact_acts: dict[str, list[Activity]] = {}
        self._bulk_add(self.acts_snap)

        self.morning: dict[int, CheckIn] = {}
        self.evening: dict[int, CheckIn] = {}
        self._index_checkins()
        self.contacts: dict[str, Contact] = _by_id(self.contacts_snap)
        self.journal_by_day: dict[int, list[JournalEntry]] = {}
        self._index_journal()
        self.reviews: dict[str, WeeklyReview] = {r.week: r for r in self.reviews_snap}
        self.meta = state.meta
        #: the ordinal of the user's first day (see :meth:`_first_day`), None before any
        self.first: int | None = self._first_day()

        #: derived per-day values, keyed by name then day ordinal
        self.day_memo: dict[str, dict[int, Any]] = {}
        #: derived values that depend on contacts (cleared on any activity/contact change)
        self.contact_memo: dict[Any, Any] = {}
        #: per contact, from its last activity: (last day, ideal follow-up day, meeting?)
        self.contact_tail: dict[str, tuple[int | None, int, bool]] = {}

    # -- building -------------------------------------------------------------------

    def kind_of(self, name: str) -> ActivityKind | None:
        return self.kinds.get(name.strip().lower())

    def counts(self, a: Activity) -> bool:
        k = self.kind_of(a.kind)
        return True if k is None else k.counts_toward_quota

    def is_meeting(self, a: Activity) -> bool:
        k = self.kind_of(a.kind)
        return False if k is None else k.meeting

    def _bulk_add(self, acts: Sequence[Activity]) -> None:
        """Index all activities of a fresh index: group by day and contact.

        Written for the cold start (10 years: ~15 k activities): the per-activity work
        runs in C (``map``/``zip``/``Counter`` over attribute getters) and Python loops
        run per day or per contact. Days are grouped with a stable sort by day ordinal,
        so a day's activities keep their list order; they are put in time order only
        when the day is first asked for (:meth:`day_list`), since comparing aware
        datetimes is slow and most days are never looked at.
        """
        n = len(acts)
        if not n:
            return
        s = self.settings
        ats = list(map(_AT, acts))
        ords = list(map(date.toordinal, ats))  # the local calendar day of an aware datetime
        if all(map(operator.le, ords, islice(ords, 1, None))):
            sacts = list(acts)
        else:
            perm = sorted(range(n), key=ords.__getitem__)  # stable: ties keep list order
            sacts = list(map(acts.__getitem__, perm))
            ords = list(map(ords.__getitem__, perm))
        # per day: where each day's run ends in the day-sorted list
        ends_by_day = dict(zip(ords, range(1, n + 1), strict=True))
        day_keys = list(ends_by_day)
        ends = list(ends_by_day.values())
        starts = [0, *ends[:-1]]
        self.day_acts.update(
            zip(day_keys, map(sacts.__getitem__, map(slice, starts, ends)), strict=True)
        )
        self._unsorted_days.update(
            compress(day_keys, map((1).__lt__, map(operator.sub, ends, starts)))
        )
        costs = list(map(_COST, sacts))
        cum = [0, *accumulate(costs)]
        totals = map(operator.sub, map(cum.__getitem__, ends), map(cum.__getitem__, starts))
        self.spent.update(zip(day_keys, totals, strict=True))
        kinds = list(map(_KIND, sacts))
        counting = {k.name.lower() for k in s.activity_kinds if k.counts_toward_quota}
        known = {k.name.lower() for k in s.activity_kinds}
        counts_by_kind: dict[str, bool] = {}
        for kind in set(kinds):
            lk = kind.strip().lower()
            counts_by_kind[kind] = lk in counting or lk not in known
        self.count.update(Counter(compress(ords, map(counts_by_kind.__getitem__, kinds))))
        self.high.update(Counter(compress(ords, map(s.high_cost_threshold.__le__, costs))))
        overrides = self.overrides
        for o, reason in zip(
            compress(ords, map(_OVERRIDE, sacts)), filter(None, map(_OVERRIDE, sacts)), strict=True
        ):
            if reason.strip():
                overrides[o] = overrides.get(o, 0) + 1
        # per contact, in day order (the day-sorted list); same-day runs checked below
        contact_acts, contact_days = self.contact_acts, self.contact_days
        get = contact_acts.get
        for a, o, cids in zip(sacts, ords, map(_CONTACT_IDS, sacts), strict=True):
            if not cids:
                continue
            for cid in dict.fromkeys(cids) if len(cids) > 1 else cids:
                cl = get(cid)
                if cl is None:
                    contact_acts[cid] = [a]
                    contact_days[cid] = [o]
                else:
                    cl.append(a)
                    contact_days[cid].append(o)
        # a contact's activities on one day must be in time order: compare the times of
        # neighbours on the same day only (found in C), as aware datetimes compare slowly
        for cid, days in contact_days.items():
            if len(days) > 1:
                cl = contact_acts[cid]
                for i in compress(count(), map(operator.eq, days, islice(days, 1, None))):
                    if cl[i].at > cl[i + 1].at:
                        cl.sort(key=_day_at)  # stable
                        days[:] = map(date.toordinal, map(_AT, cl))
                        break

    def day_list(self, o: int) -> list[Activity]:
        """The activities of day ordinal ``o`` in time order (equal times: list order)."""
        lst = self.day_acts.get(o)
        if lst is None:
            return []
        if o in self._unsorted_days:
            # sort before unmarking, so no thread gets the day unsorted once it is unmarked
            lst.sort(key=_AT)  # stable; sorting twice is harmless
            self._unsorted_days.discard(o)
        return lst

    def _add_activity(self, a: Activity) -> int:
        o = a.at.toordinal()
        lst = self.day_list(o)
        if not lst:
            self.day_acts[o] = lst
        pos = len(lst)
        while pos > 0 and lst[pos - 1].at > a.at:
            pos -= 1
        lst.insert(pos, a)
        self.spent[o] = self.spent.get(o, 0) + a.cost
        if self.counts(a):
            self.count[o] = self.count.get(o, 0) + 1
        if a.cost >= self.settings.high_cost_threshold:
            self.high[o] = self.high.get(o, 0) + 1
        if a.override_reason and a.override_reason.strip():
            self.overrides[o] = self.overrides.get(o, 0) + 1
        for cid in dict.fromkeys(a.contact_ids):
            self.contact_tail.pop(cid, None)
            days = self.contact_days.setdefault(cid, [])
            acts = self.contact_acts.setdefault(cid, [])
            p = bisect_right(days, o)
            while p > 0 and days[p - 1] == o and acts[p - 1].at > a.at:
                p -= 1
            days.insert(p, o)
            acts.insert(p, a)
        return o

    def _remove_activity(self, a: Activity) -> int:
        o = a.at.toordinal()
        acts = self.day_acts.get(o, [])
        for i, x in enumerate(acts):
            if x is a:
                del acts[i]
                break
        if not acts:
            self.day_acts.pop(o, None)
        self.spent[o] = self.spent.get(o, 0) - a.cost
        if self.counts(a):
            self.count[o] = self.count.get(o, 0) - 1
        if a.cost >= self.settings.high_cost_threshold:
            self.high[o] = self.high.get(o, 0) - 1
        if a.override_reason and a.override_reason.strip():
            self.overrides[o] = self.overrides.get(o, 0) - 1
        for cid in dict.fromkeys(a.contact_ids):
            self.contact_tail.pop(cid, None)
            cacts = self.contact_acts.get(cid, [])
            for i, x in enumerate(cacts):
                if x is a:
                    del cacts[i]
                    del self.contact_days[cid][i]
                    break
        return o

    def _index_checkins(self) -> None:
        snap = self.checkins_snap
        days = list(map(date.toordinal, map(_DAY, snap)))
        mornings = list(map(CheckInKind.MORNING.__eq__, map(_KIND, snap)))
        self.morning.clear()
        self.evening.clear()
        # later check-ins of a day and kind win, as in a loop
        self.morning.update(zip(compress(days, mornings), compress(snap, mornings), strict=True))
        evenings = list(map(operator.not_, mornings))
        self.evening.update(zip(compress(days, evenings), compress(snap, evenings), strict=True))

    def _index_journal(self) -> None:
        by_day = self.journal_by_day
        by_day.clear()
        get = by_day.get
        snap = self.journal_snap
        for o, j in zip(map(date.toordinal, map(_DAY, snap)), snap, strict=True):
            lst = get(o)
            if lst is None:
                by_day[o] = [j]
            else:
                lst.append(j)

    def _first_day(self) -> int | None:
        """Day one: the day the data was started, or the earliest activity, check-in or
        journal entry if earlier (backdating on purpose is real use). Contacts never move
        it: an import's "connected on" dates are other people's history."""
        found = [
            min(d) for d in (self.day_acts, self.morning, self.evening, self.journal_by_day) if d
        ]
        if self.meta.started is not None:
            found.append(self.meta.started.toordinal())
        return min(found) if found else None

    def _forget_days_from(self, o: int) -> None:
        for memo in self.day_memo.values():
            for k in [k for k in memo if k >= o]:
                del memo[k]

    def refresh(self, state: State) -> bool:
        """Bring the index up to date with ``state``; False if a rebuild is needed."""
        if state.settings is not self.settings or settings_key(state.settings) != self.settings_key:
            return False
        if state.meta != self.meta:
            return False
        dated = False  # activities, check-ins or journal changed: day one may have moved
        if not _same(state.activities, self.acts_snap):
            added, removed = _diff(state.activities, self.acts_snap)
            if len(added) + len(removed) > _INCREMENTAL_LIMIT:
                return False
            first = min(
                [self._remove_activity(a) for a in removed] + [self._add_activity(a) for a in added]
            )
            self.acts_snap = tuple(state.activities)
            # a week's total reaches back to the week's first day
            self._forget_days_from(first - 6)
            self.contact_memo.clear()
            dated = True
        if not _same(state.checkins, self.checkins_snap):
            added_c, removed_c = _diff(state.checkins, self.checkins_snap)
            self.checkins_snap = tuple(state.checkins)
            self._index_checkins()
            changed = [c.day.toordinal() for c in added_c + removed_c]
            if changed:
                self._forget_days_from(min(changed) - 6)
            dated = True
        if not _same(state.contacts, self.contacts_snap):
            self.contacts_snap = tuple(state.contacts)
            self.contacts = _by_id(self.contacts_snap)
            self.contact_memo.clear()
            self.contact_tail.clear()
        if not _same(state.journal, self.journal_snap):
            self.journal_snap = tuple(state.journal)
            self._index_journal()
            dated = True
        if not _same(state.reviews, self.reviews_snap):
            self.reviews_snap = tuple(state.reviews)
            self.reviews = {r.week: r for r in self.reviews_snap}
            self.day_memo.clear()
            self.contact_memo.clear()
        if dated:
            day_one = self._first_day()
            if day_one != self.first:
                self.first = day_one
                self.day_memo.clear()
                self.contact_memo.clear()
        return True

    def counted(self, o: int) -> bool:
        """Whether day ordinal ``o`` counts in the figures: on or after day one."""
        return self.first is not None and o >= self.first

    # -- queries ----------------------------------------------------------------------

    def memo(self, name: str) -> dict[int, Any]:
        m = self.day_memo.get(name)
        if m is None:
            m = self.day_memo[name] = {}
        return m

    def activities_on(self, o: int) -> list[Activity]:
        return self.day_list(o)

    def is_active(self, o: int) -> bool:
        return bool(self.day_acts.get(o))

    def contact_history(self, cid: str, o: int) -> list[Activity]:
        """The contact's activities on days up to and including ordinal ``o``, in order."""
        return self.contact_acts.get(cid, [])[: self.contact_count_until(cid, o)]

    def contact_count_until(self, cid: str, o: int) -> int:
        """How many of the contact's activities fall on days up to ordinal ``o``."""
        days = self.contact_days.get(cid)
        if not days:
            return 0
        if days[-1] <= o:
            return len(days)
        return bisect_right(days, o)


_CACHE: dict[int, Index] = {}


def index_for(state: State) -> Index:
    """The (cached, up to date) index of ``state``."""
    ix = _CACHE.get(id(state))
    if ix is not None and ix.state is state and ix.refresh(state):
        return ix
    ix = Index(state)
    _CACHE.pop(id(state), None)
    _CACHE[id(state)] = ix
    while len(_CACHE) > _CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]
    return ix


def clear_cache() -> None:
    """Forget every cached index (needed only after mutating a model in place)."""
    _CACHE.clear()
