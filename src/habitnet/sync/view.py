"""The view: the :class:`~habitnet.models.State` a replica shows.

The replica (:mod:`habitnet.sync.replica`) says, per record, which fields were written
last and whether the record is live. The view turns that into the data the app loads,
the same way on every device:

1. each live record, validated (a record that does not validate is left out and named
   in :attr:`ViewInfo.problems`);
2. a contact that an activity or journal entry names stays (or comes back), even when
   a delete its device made without seeing that record removed it; an activity's kind
   likewise;
3. contacts sharing a LinkedIn URL or an e-mail address are one contact (the oldest
   keeps its id; see :func:`merge_group`), and records naming any of them name it;
4. every list in the order of its records' first put clock, then key.

:meth:`View.refresh` recomputes only what a set of changed records can change, reusing
every other record object of the state (the engine's index and the serialiser's cache
see a small change). Applied to an empty state with every record changed, it is the
whole view; the tests check both give the same state.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from pydantic import ValidationError

from .. import ops
from ..models import (
    ActivityKind,
    Contact,
    Meta,
    Record,
    Settings,
    State,
    format_validation_error,
)
from .replica import Entry, Key, Replica

#: Settings fields validated together: a change of one is logged with the others.
SETTINGS_GROUPS: tuple[tuple[str, ...], ...] = (
    ("daily_target", "daily_cap"),
    ("risk_amber", "risk_red"),
)
#: The settings field (in the replica only) holding the order of the activity kinds.
KIND_ORDER = "kind_order"
#: Contact fields whose texts are joined when two contacts are one person.
_JOINED_TEXTS = ("they_need", "i_can_offer", "they_offer")
#: Above this many records to place (and an eighth of the list), it is sorted whole.
_BISECT_LIMIT = 64
#: The key of a record of these lists is its id (ops.key_of, without the dispatch).
_KEY = {name: attrgetter("id") for name in ("contacts", "activities", "journal")}


@dataclass
class ViewInfo:
    """What the view keeps between refreshes (in the stamp): the records whose view is
    not simply their merged fields."""

    #: records shown otherwise than merged: a contact others were merged into, a record
    #: whose contact ids were rewritten
    rewritten: set[Key] = field(default_factory=set)
    #: contact id -> the id of the contact it is shown as
    absorbed: dict[str, str] = field(default_factory=dict)
    #: records deleted but kept because another names them
    revived: set[Key] = field(default_factory=set)
    #: records left out because they do not validate: key -> why
    problems: dict[Key, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "rewritten": sorted(list(k) for k in self.rewritten),
            "absorbed": dict(sorted(self.absorbed.items())),
            "revived": sorted(list(k) for k in self.revived),
            "problems": [[c, k, why] for (c, k), why in sorted(self.problems.items())],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ViewInfo:
        return cls(
            {(str(c), str(k)) for c, k in data.get("rewritten", [])},
            {str(a): str(b) for a, b in dict(data.get("absorbed", {})).items()},
            {(str(c), str(k)) for c, k in data.get("revived", [])},
            {(str(c), str(k)): str(why) for c, k, why in data.get("problems", [])},
        )


def _text_join(kept: str, other: str) -> str:
    """``kept`` with ``other`` added once (as imports add a note)."""
    if not other.strip() or other.strip() in kept:
        return kept
    return (kept.rstrip() + "\n\n" + other).strip()


def merge_group(members: list[Contact], clocks: list[Entry]) -> Contact:
    """One contact for a person added on several devices (``members`` oldest first, with
    their entries): the oldest keeps its id, name, priority, cadence, stage and
    archived flag; the others add e-mails, phones, tags, notes and a missing "met" or
    LinkedIn URL the way an import does (``interop/merge.merged_fields``) and their
    texts; organisation and role are the most recently written non-empty ones."""
    from ..interop.merge import merged_fields  # imports' rules (loaded when first needed)
    from ..interop.records import ContactRecord

    acc = members[0]
    for m in members[1:]:
        record = ContactRecord(
            name=m.name,
            where="sync",
            source="sync",
            organisation=m.organisation,
            role=m.role,
            emails=list(m.emails),
            phones=list(m.phones),
            linkedin_url=m.linkedin_url,
            tags=list(m.tags),
            notes=m.notes,
            met=m.met,
        )
        update, _said = merged_fields(acc, record)
        for name in _JOINED_TEXTS:
            joined = _text_join(getattr(acc, name), getattr(m, name))
            if joined != getattr(acc, name):
                update[name] = joined
        if update:
            try:
                acc = Contact.model_validate({**acc.model_dump(), **update})
            except ValidationError:
                pass  # e.g. notes joined past the limit: the older contact's are kept
    newest: dict[str, Any] = {}
    for name in ("organisation", "role"):
        best: tuple[str, str] | None = None
        for m, entry in zip(members, clocks, strict=True):
            value = getattr(m, name)
            clock = entry.clock_of(name) or ""
            if value and (best is None or clock > best[0]):
                best = (clock, value)
        if best is not None and best[1] != getattr(acc, name):
            newest[name] = best[1]
    return acc.model_copy(update=newest) if newest else acc


def same_person_groups(contacts: list[Contact]) -> list[list[int]]:
    """Groups (of two or more, by index, each in list order) of contacts that are one
    person: a shared LinkedIn URL or e-mail address, never two different URLs."""
    from ..interop.records import normalise_linkedin_url

    parent = list(range(len(contacts)))
    url_of: dict[int, str] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri == rj:
            return
        ui, uj = url_of.get(ri, ""), url_of.get(rj, "")
        if ui and uj and ui != uj:
            return
        lo, hi = min(ri, rj), max(ri, rj)
        parent[hi] = lo
        url_of[lo] = ui or uj

    by_url: dict[str, int] = {}
    by_email: dict[str, int] = {}
    for i, c in enumerate(contacts):
        url = normalise_linkedin_url(c.linkedin_url) if c.linkedin_url else ""
        if url:
            url_of[i] = url
        emails = [e.strip().lower() for e in c.emails]
        if url and url in by_url:
            union(by_url[url], i)
        for e in emails:
            if e in by_email:
                union(by_email[e], i)
        if url:
            by_url.setdefault(url, i)
        for e in emails:
            by_email.setdefault(e, i)
    groups: dict[int, list[int]] = {}
    for i in range(len(contacts)):
        groups.setdefault(root(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


class View:
    """Keeps a state equal to what a replica shows (see the module docstring)."""

    def __init__(self, replica: Replica, info: ViewInfo | None = None) -> None:
        self.replica = replica
        self.info = info if info is not None else ViewInfo()
        #: during a refresh: the records the state showed for the keys redone
        self._old: dict[Key, Record] = {}

    def _same(self, collection: str, key: str, record: Record) -> Record:
        """``record``, or the equal object the state already held for it."""
        old = self._old.get((collection, key))
        return old if old is not None and old is not record and old == record else record

    # -- records -------------------------------------------------------------------------

    def _build(self, collection: str, key: str, entry: Entry) -> Record | None:
        model = ops.MODELS[collection]
        try:
            record = model.model_validate(entry.d)
        except ValidationError as exc:
            problem = "; ".join(format_validation_error(exc).splitlines())
            self.info.problems[(collection, key)] = problem
            return None
        self.info.problems.pop((collection, key), None)
        return self._same(collection, key, record)

    def _order(self, collection: str, record: Record) -> tuple[str, str]:
        key = ops.key_of(collection, record)
        entry = self.replica.entry((collection, key))
        return ((entry.b or "") if entry is not None else "", key)

    def _place(
        self, collection: str, kept: list[Record], new: list[tuple[str, str, Record]]
    ) -> list[Record]:
        """``kept`` (in order) with ``new`` ((first clock, key, record)) in their places."""
        if not new:
            return kept
        new.sort(key=lambda t: (t[0], t[1]))
        if len(new) > _BISECT_LIMIT and len(new) * 8 > len(kept):
            both = [(*self._order(collection, r), r) for r in kept] + new
            both.sort(key=lambda t: (t[0], t[1]))
            return [t[2] for t in both]
        out = list(kept)
        for b, key, record in new:
            at = bisect.bisect_left(out, (b, key), key=lambda r: self._order(collection, r))
            out.insert(at, record)
        return out

    def _redo_list(self, name: str, current: list[Record], mine: set[str]) -> list[Record]:
        """``current`` with the records ``mine`` names as the replica shows them now: in
        their place when they stay where they were, placed anew otherwise."""
        replica = self.replica
        key_of = _KEY.get(name) or (lambda r, name=name: ops.key_of(name, r))
        out = list(current)
        at: dict[str, int] = {}
        for i, r in enumerate(out):
            k = key_of(r)
            if k in mine:
                at[k] = i
                self._old[(name, k)] = r
        gone: set[int] = set()
        new: list[tuple[str, str, Record]] = []
        for k in mine:
            entry = replica.entry((name, k))
            record = None
            if entry is not None and entry.live:
                record = self._build(name, k, entry)
            else:
                self.info.problems.pop((name, k), None)
            where = at.get(k)
            if entry is None or record is None:
                if where is not None:
                    gone.add(where)
                continue
            order = (entry.b or "", k)
            if where is not None and self._fits(name, out, where, order):
                out[where] = record
                continue
            if where is not None:
                gone.add(where)
            new.append((order[0], k, record))
        if gone:
            out = [r for i, r in enumerate(out) if i not in gone]
        return self._place(name, out, new)

    def _fits(self, name: str, items: list[Record], i: int, order: tuple[str, str]) -> bool:
        """Whether a record ordered ``order`` belongs at ``items[i]`` (its neighbours'
        first clocks: one changes only when an older put of the same key arrives)."""
        if i > 0 and self._order(name, items[i - 1]) > order:
            return False
        return not (i + 1 < len(items) and self._order(name, items[i + 1]) < order)

    # -- the refresh -----------------------------------------------------------------------

    def refresh(self, state: State, touched: Iterable[Key]) -> bool:
        """Bring ``state`` to what the replica shows, given the records that changed in
        the replica since ``state`` showed it (and the records the state changed since:
        a session's own changes, once logged). Assigns the lists (and settings) that
        change; True when anything did."""
        info = self.info
        redo: set[Key] = set(touched) | info.rewritten | info.revived
        redo |= {("contacts", cid) for cid in info.absorbed}
        colls = {c for c, _k in redo}
        info.rewritten = {k for k in info.rewritten if k[0] not in colls}
        info.revived = {k for k in info.revived if k[0] not in colls}

        before: dict[str, list[Record]] = {name: getattr(state, name) for name in ops.LISTS}
        self._old = {}
        raw: dict[str, list[Record]] = {}
        for name in ops.LISTS:
            mine = {k for c, k in redo if c == name}
            raw[name] = self._redo_list(name, before[name], mine) if mine else before[name]

        people = {"contacts", "activities", "journal"}
        if colls & people:
            self._revive_contacts(raw)
        contacts = raw["contacts"]
        if colls & people:
            contacts = self._same_people(raw["contacts"])
            view_ids = {ops.key_of("contacts", c) for c in contacts}
            for name in ("activities", "journal"):
                raw[name] = self._name_kept_contacts(name, raw[name], view_ids)
        raw["contacts"] = contacts

        self._old = {}
        changed = False
        for name in ops.LISTS:
            items = raw[name]
            if items is before[name]:
                continue
            if len(items) == len(before[name]) and all(
                a is b for a, b in zip(items, before[name], strict=True)
            ):
                continue
            setattr(state, name, items)
            changed = True
        if colls & {"settings", "kinds", "activities"}:
            settings = self._settings(state)
            if settings != state.settings:
                state.settings = settings
                changed = True
        if "meta" in colls:
            meta = self._meta()
            if meta != state.meta:
                state.meta = meta
                changed = True
        return changed

    def _meta(self) -> Meta:
        """What the data says about itself (when it was started): the merged fields."""
        entry = self.replica.entry(("meta", ""))
        if entry is None:
            return Meta()
        try:
            return Meta.model_validate(entry.d)
        except ValidationError as exc:
            self.info.problems[("meta", "")] = format_validation_error(exc)
            return Meta()

    def _revive_contacts(self, raw: dict[str, list[Record]]) -> None:
        """Contacts named by a live activity or journal entry stay, deleted or not."""
        named: set[str] = set()
        for name in ("activities", "journal"):
            for r in raw[name]:
                ids = r.contact_ids  # type: ignore[attr-defined]
                if ids:
                    named.update(ids)
        have = {ops.key_of("contacts", c) for c in raw["contacts"]}
        new: list[tuple[str, str, Record]] = []
        for cid in sorted(named - have):
            entry = self.replica.entry(("contacts", cid))
            if entry is None or not entry.complete:
                continue  # not arrived yet: left out of the records naming it
            record = self._build("contacts", cid, entry)
            if record is not None:
                new.append((entry.b or "", cid, record))
                self.info.revived.add(("contacts", cid))
        raw["contacts"] = self._place("contacts", raw["contacts"], new)

    def _same_people(self, contacts: list[Record]) -> list[Record]:
        """The contacts as shown: one per person (see :func:`same_person_groups`)."""
        people: list[Contact] = contacts  # type: ignore[assignment]
        groups = same_person_groups(people)
        self.info.absorbed = {}
        if not groups:
            return contacts
        kept: dict[int, Contact] = {}
        absorbed: set[int] = set()
        for g in groups:
            members = [people[i] for i in g]
            entries = []
            for m in members:
                entry = self.replica.entry(("contacts", m.id))
                entries.append(entry if entry is not None else Entry())
            merged = self._same("contacts", members[0].id, merge_group(members, entries))
            assert isinstance(merged, Contact)
            kept[g[0]] = merged
            if merged != members[0]:
                self.info.rewritten.add(("contacts", members[0].id))
            for i in g[1:]:
                absorbed.add(i)
                self.info.absorbed[people[i].id] = members[0].id
        return [kept.get(i, c) for i, c in enumerate(people) if i not in absorbed]

    def _name_kept_contacts(
        self, collection: str, records: list[Record], view_ids: set[str]
    ) -> list[Record]:
        """Records naming contacts shown as another, or not arrived yet, name the contact
        shown (once), or leave the missing one out."""
        absorbed = self.info.absorbed
        out: list[Record] | None = None
        for i, r in enumerate(records):
            ids: list[str] = r.contact_ids  # type: ignore[attr-defined]
            if not ids or view_ids.issuperset(ids):
                continue
            if out is None:
                out = list(records)
            named = [absorbed.get(cid, cid) for cid in ids]
            shown = list(dict.fromkeys(cid for cid in named if cid in view_ids))
            key = ops.key_of(collection, r)
            out[i] = self._same(collection, key, r.model_copy(update={"contact_ids": shown}))
            self.info.rewritten.add((collection, key))
        return records if out is None else out

    def _settings(self, state: State) -> Settings:
        """The settings: their merged fields over the defaults, and the activity kinds
        (live or named by an activity) in the order last given, new ones after."""
        replica = self.replica
        entry = replica.entry(("settings", ""))
        data = dict(entry.d) if entry is not None else {}
        order = data.pop(KIND_ORDER, None) or []
        data.pop("activity_kinds", None)
        used = {a.kind.strip().lower() for a in state.activities}
        found: dict[str, tuple[str, ActivityKind]] = {}
        for key, k_entry in replica.collection("kinds"):
            if not (k_entry.live or (k_entry.complete and key in used)):
                continue
            try:
                kind = ActivityKind.model_validate(k_entry.d)
            except ValidationError as exc:
                self.info.problems[("kinds", key)] = format_validation_error(exc)
                continue
            found[key] = (k_entry.b or "", kind)
        ordered = [k for k in order if k in found]
        rest = sorted((k for k in found if k not in set(ordered)), key=lambda k: (found[k][0], k))
        kinds = [found[k][1] for k in ordered + rest]
        if kinds:
            data["activity_kinds"] = kinds
        try:
            return Settings.model_validate(data)
        except ValidationError as exc:
            # Never expected (fields validated together are written together): fall
            # back, deterministically, to the defaults for the fields named.
            self.info.problems[("settings", "")] = format_validation_error(exc)
            bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            for name in bad:
                data.pop(name, None)
            try:
                return Settings.model_validate(data)
            except ValidationError:
                return Settings()


def materialize(replica: Replica) -> tuple[State, ViewInfo]:
    """The whole view of ``replica`` (a new state)."""
    view = View(replica)
    state = State()
    view.refresh(state, set(replica.keys()) | {("settings", ""), ("meta", "")})
    return state, view.info
