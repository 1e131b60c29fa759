"""Domain models for habitnet (pydantic v2).

Everything the user owns lives in one :class:`State` document, serialised as JSON by
the store. The models validate what a person could get wrong and say which field broke
which rule. They import nothing from Textual and do no I/O.

This module deliberately has no ``from __future__ import annotations``: pydantic would
compile and evaluate every string annotation when it builds the models (~5 ms of the
import). Validation of a whole file is on the start-up path too (ten years: ~25 k
records), so per-record checks avoid Python calls where pydantic-core can do them.
"""

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticKnownError, core_schema

SCHEMA_VERSION = 2

MAX_NAME = 200
MAX_NOTE = 20_000
MAX_TAGS = 50

#: The largest factor a morning check-in may scale the energy budget by.
ENERGY_FACTOR_MAX = 1.5

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _empty_list() -> list[Any]:
    """A fresh ``[]``. Default factories are Python functions, not ``list``/``dict``:
    pydantic inspects each factory's signature when it builds a model, and for a
    builtin that means parsing its text signature with the tokenizer (whose first use
    compiles a large regular expression): ~20 ms of ``import habitnet.models``."""
    return []


def _empty_dict() -> dict[str, Any]:
    return {}


def _is_none(value: Any) -> bool:
    return value is None


def new_id(prefix: str) -> str:
    """A short, unique, readable id such as ``c-3f9a1b2c4d5e``."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# The validators below run once per record (ten years: thousands of calls), so each
# does its whole job in one Python call: a length limit written as ``Field(...)``
# after an ``AfterValidator`` would be one more Python call per value. Their errors
# are the ones those limits raise (``string_too_short``/``string_too_long``, and
# ``too_long`` for a list); :mod:`habitnet.messages` puts them in the user's words.


def _too_short(min_length: int) -> PydanticKnownError:
    return PydanticKnownError("string_too_short", {"min_length": min_length})


def _too_long(max_length: int) -> PydanticKnownError:
    return PydanticKnownError("string_too_long", {"max_length": max_length})


def _too_many(max_length: int, n: int) -> PydanticKnownError:
    ctx = {"field_type": "List", "max_length": max_length, "actual_length": n}
    return PydanticKnownError("too_long", ctx)


def _stripped(min_length: int, max_length: int) -> AfterValidator:
    """Strip the text, then check its length."""

    def check(value: str) -> str:
        value = value.strip()
        n = len(value)
        if n < min_length:
            raise _too_short(min_length)
        if n > max_length:
            raise _too_long(max_length)
        return value

    return AfterValidator(check)


def _clean_tags(tags: list[str]) -> list[str]:
    if not tags:
        return tags
    seen: list[str] = []
    for tag in tags:
        t = tag.strip().lower()
        if not t:
            continue
        if len(t) > 50:
            raise ValueError(f"tag {t[:20]!r}… is longer than 50 characters")
        if t not in seen:
            seen.append(t)
    if len(seen) > MAX_TAGS:
        raise _too_many(MAX_TAGS, len(seen))
    return seen


class _OffsetRequired:
    """Annotation: a timestamp must carry its UTC offset.

    Checked by pydantic-core (no Python call per timestamp: the 10-year file has
    15 k of them). The datetime is parsed first (its own errors unchanged), then a
    second, aware-only datetime check reports this module's message.
    """

    message = "timestamp must carry its UTC offset, e.g. 2026-11-21T09:30:00+01:00"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.chain_schema(
            [
                handler(source),
                core_schema.custom_error_schema(
                    core_schema.datetime_schema(tz_constraint="aware"),
                    custom_error_type="timestamp_without_offset",
                    custom_error_message=self.message,
                ),
            ]
        )


Name = Annotated[str, _stripped(1, MAX_NAME)]
ShortText = Annotated[str, Field(max_length=MAX_NAME)]
Note = Annotated[str, Field(max_length=MAX_NOTE)]
Tags = Annotated[list[str], AfterValidator(_clean_tags)]
Cost = Annotated[int, Field(ge=0, le=20)]
Level = Annotated[int, Field(ge=1, le=5)]
AwareDatetime = Annotated[datetime, _OffsetRequired()]

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")

_ID = attrgetter("id")
_CONTACT_IDS = attrgetter("contact_ids")
_DAY = attrgetter("day")
_KIND = attrgetter("kind")
_WEEK = attrgetter("week")


class Model(BaseModel):
    """Base: forbid unknown fields so a typo in a hand-edited file is caught."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, str_max_length=MAX_NOTE)


class Record(Model):
    """A stored record. Frozen: a change is a new record put in the old one's place
    (``model_copy(update=...)`` or validation of a new one), which is what lets the
    engine's index and the store's serialisation cache trust object identity."""

    model_config = ConfigDict(frozen=True)


class Direction(StrEnum):
    GAVE = "gave"
    ASKED = "asked"
    MUTUAL = "mutual"


class Stage(StrEnum):
    NEW = "new"
    ACTIVE = "active"
    CLOSE = "close"
    DORMANT = "dormant"


class ContactSource(StrEnum):
    """Where a contact came from: added by hand, or imported from a file."""

    MANUAL = "manual"
    LINKEDIN = "linkedin"
    VCARD = "vcard"


class CheckInKind(StrEnum):
    MORNING = "morning"
    EVENING = "evening"


class Contact(Record):
    id: str = Field(default_factory=lambda: new_id("c"), min_length=1, max_length=64)
    name: Name
    organisation: ShortText = ""
    role: ShortText = ""
    met: ShortText = Field(default="", description="where / how we met")
    emails: list[Annotated[str, Field(max_length=MAX_NAME)]] = Field(default_factory=_empty_list)
    phones: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=_empty_list)
    linkedin_url: ShortText = ""
    tags: Tags = Field(default_factory=_empty_list)
    priority: int = Field(default=2, ge=1, le=3, description="1 = highest")
    cadence_days: int = Field(default=30, ge=1, le=3650)
    stage: Stage = Stage.NEW
    they_need: Note = ""
    i_can_offer: Note = ""
    they_offer: Note = ""
    notes: Note = ""
    created: date
    archived: bool = False
    source: ContactSource = Field(
        default=ContactSource.MANUAL, description="added by hand, or the import it came from"
    )
    imported_on: date | None = Field(default=None, description="the day it was imported")

    @property
    def imported(self) -> bool:
        return self.source != ContactSource.MANUAL

    @field_validator("emails")
    @classmethod
    def _emails(cls, v: list[str]) -> list[str]:
        if not v:
            return v
        out: list[str] = []
        for e in v:
            e = e.strip()
            if not e:
                continue
            if "@" not in e or e.startswith("@") or e.endswith("@"):
                raise ValueError(f"{e!r} is not an email address")
            if e.lower() not in (x.lower() for x in out):
                out.append(e)
        return out


class ActivityKind(Record):
    name: Annotated[str, _stripped(1, 40)]
    cost: Cost
    counts_toward_quota: bool = True
    meeting: bool = Field(default=False, description="a meeting: a thank-you is due after it")


DEFAULT_KINDS: tuple[ActivityKind, ...] = (
    ActivityKind(name="message", cost=1),
    ActivityKind(name="follow-up", cost=1),
    ActivityKind(name="community post", cost=1),
    ActivityKind(name="introduction", cost=1),
    ActivityKind(name="call", cost=2, meeting=True),
    ActivityKind(name="coffee", cost=3, meeting=True),
    ActivityKind(name="informational interview", cost=3, meeting=True),
    ActivityKind(name="volunteering", cost=4),
    ActivityKind(name="event", cost=5, meeting=True),
)


class Activity(Record):
    id: str = Field(default_factory=lambda: new_id("a"), min_length=1, max_length=64)
    at: AwareDatetime
    kind: Annotated[str, Field(min_length=1, max_length=40)]
    contact_ids: list[str] = Field(default_factory=_empty_list, max_length=200)
    #: who gave and who asked: it belongs to a person, so an activity with no contact has
    #: none (the engine ignores one there; the store's migration to schema 2 drops them)
    direction: Direction | None = None
    cost: Cost
    note: Note = ""
    follow_up: date | None = None
    override_reason: Annotated[str, Field(max_length=MAX_NAME * 5)] | None = None
    #: the device that logged it, when the data syncs (docs/SYNC.md); not written when
    #: None, so a file that never synced is unchanged
    device: Annotated[str, Field(max_length=80)] | None = Field(default=None, exclude_if=_is_none)

    @property
    def day(self) -> date:
        """The local calendar day the activity happened on (in its own offset)."""
        return self.at.date()

    @property
    def counted_direction(self) -> Direction | None:
        """The direction that counts in give/ask: only with a contact."""
        return self.direction if self.contact_ids else None

    @property
    def direction_text(self) -> str:
        """``gave`` / ``asked`` / ``mutual``, or ``""`` when there is none."""
        d = self.counted_direction
        return "" if d is None else d.value


class CheckIn(Record):
    day: date
    kind: CheckInKind = CheckInKind.MORNING
    energy: Level
    mood: Level
    note: Note = ""


class JournalEntry(Record):
    id: str = Field(default_factory=lambda: new_id("j"), min_length=1, max_length=64)
    day: date
    text: Note = ""
    value_offered: Note = ""
    was_mutual: Note = ""
    learned: Note = ""
    follow_up_plan: Note = ""
    tags: Tags = Field(default_factory=_empty_list)
    contact_ids: list[str] = Field(default_factory=_empty_list, max_length=200)

    def search_text(self) -> str:
        return "\n".join(
            (
                self.text,
                self.value_offered,
                self.was_mutual,
                self.learned,
                self.follow_up_plan,
                " ".join(self.tags),
            )
        ).lower()


JOURNAL_PROMPTS: tuple[tuple[str, str], ...] = (
    ("value_offered", "What value did I offer?"),
    ("was_mutual", "Was it mutual?"),
    ("learned", "What did I learn?"),
    ("follow_up_plan", "Who do I follow up with, and when?"),
)


#: How deep free-form JSON (a review's summary) may nest.
MAX_FREE_DEPTH = 64


def _too_deep(value: Any, limit: int) -> bool:
    """Whether lists and dicts in ``value`` nest more than ``limit`` levels."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def parse_iso_week(value: str) -> tuple[int, int]:
    m = _WEEK_RE.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not an ISO week like 2026-W47")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{value!r}: year {year} has no week {week}") from None
    return year, week


def iso_week_of(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


class WeeklyReview(Record):
    week: str
    summary: dict[str, Any] = Field(default_factory=_empty_dict)
    reflection: Note = ""
    intention: Note = ""
    next_daily_target: int | None = Field(default=None, ge=0, le=50)
    next_daily_cap: int | None = Field(default=None, ge=0, le=50)
    written_at: AwareDatetime | None = None

    @field_validator("week")
    @classmethod
    def _week(cls, v: str) -> str:
        y, w = parse_iso_week(v)
        return f"{y}-W{w:02d}"

    @field_validator("summary")
    @classmethod
    def _summary_depth(cls, v: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        # Free-form JSON nested too deep would validate but could never be written back
        # (serialising stops at 255 levels). Read from JSON it cannot be: the parser
        # stops near 200 levels, so only values from Python are walked.
        if info.mode != "json" and _too_deep(v, MAX_FREE_DEPTH):
            raise ValueError(f"nested more than {MAX_FREE_DEPTH} levels deep")
        return v


class Settings(Record):
    daily_target: int = Field(default=3, ge=0, le=50)
    daily_cap: int = Field(default=5, ge=1, le=50)
    daily_budget: int = Field(default=10, ge=1, le=100)
    weekly_budget: int = Field(default=45, ge=1, le=700)
    energy_scale: dict[int, float] = Field(
        default_factory=lambda: {1: 0.4, 2: 0.6, 3: 0.8, 4: 1.0, 5: 1.0}
    )
    rest_weekdays: list[int] = Field(default_factory=lambda: [6], description="0 = Monday")
    max_active_streak: int = Field(default=6, ge=1, le=30)
    high_cost_threshold: int = Field(default=4, ge=1, le=20)
    high_cost_per_week: int = Field(default=2, ge=0, le=20)
    risk_amber: int = Field(default=40, ge=1, le=99)
    risk_red: int = Field(default=70, ge=2, le=100)
    recovery_days: int = Field(default=3, ge=1, le=14)
    default_cadence_days: int = Field(default=30, ge=1, le=3650)
    thank_you_days: int = Field(default=2, ge=0, le=14)
    reconnect_days: int = Field(default=180, ge=7, le=3650)
    one_sided_window: int = Field(default=5, ge=1, le=50)
    intro_per_day: int = Field(
        default=2, ge=0, le=50, description="contacts never in touch brought in a day"
    )
    week_start: int = Field(default=0, ge=0, le=6, description="0 = Monday")
    theme: str = Field(default="habitnet-dark", max_length=80)
    backups_keep: int = Field(default=14, ge=1, le=365)
    activity_kinds: list[ActivityKind] = Field(default_factory=lambda: list(DEFAULT_KINDS))
    onboarded: bool = True

    @field_validator("energy_scale")
    @classmethod
    def _scale(cls, v: dict[int, float]) -> dict[int, float]:
        if set(v) != {1, 2, 3, 4, 5}:
            raise ValueError("needs a factor for each energy level 1, 2, 3, 4 and 5")
        for level, factor in v.items():
            if not 0.0 <= factor <= ENERGY_FACTOR_MAX:
                raise ValueError(
                    f"the factor for energy {level} ({factor:g}) is outside 0–{ENERGY_FACTOR_MAX:g}"
                )
        return dict(sorted(v.items()))

    @field_validator("rest_weekdays")
    @classmethod
    def _rest(cls, v: list[int]) -> list[int]:
        for d in v:
            if not 0 <= d <= 6:
                raise ValueError(f"{d} is not a weekday: 0 (Monday) … 6 (Sunday)")
        out = sorted(set(v))
        if len(out) == 7:
            raise ValueError("at least one day of the week must be an active day")
        return out

    @field_validator("activity_kinds")
    @classmethod
    def _kinds(cls, v: list[ActivityKind]) -> list[ActivityKind]:
        if not v:
            raise ValueError("at least one activity kind is needed")
        names = [k.name.lower() for k in v]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"activity kind names must be unique; repeated: {', '.join(dupes)}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Settings":
        if self.daily_cap < self.daily_target:
            raise ValueError(
                f"daily cap ({self.daily_cap}) must be at least the daily target "
                f"({self.daily_target})"
            )
        if self.risk_red <= self.risk_amber:
            raise ValueError(
                f"red threshold ({self.risk_red}) must be above amber ({self.risk_amber})"
            )
        return self

    def kind(self, name: str) -> ActivityKind | None:
        lname = name.strip().lower()
        for k in self.activity_kinds:
            if k.name.lower() == lname:
                return k
        return None


def _default_settings() -> Settings:
    return Settings()


class Meta(Record):
    """About the data itself."""

    #: the day this data was started (the file first created); see
    #: ``engine.first_day``, which also counts earlier records logged on purpose
    started: date | None = None
    #: a generated demo dataset, never the user's own data
    demo: bool = False


def _default_meta() -> Meta:
    return Meta()


class State(Model):
    """The whole data file."""

    schema_version: int = SCHEMA_VERSION
    meta: Meta = Field(default_factory=_default_meta)
    settings: Settings = Field(default_factory=_default_settings)
    contacts: list[Contact] = Field(default_factory=_empty_list)
    activities: list[Activity] = Field(default_factory=_empty_list)
    checkins: list[CheckIn] = Field(default_factory=_empty_list)
    journal: list[JournalEntry] = Field(default_factory=_empty_list)
    reviews: list[WeeklyReview] = Field(default_factory=_empty_list)

    @model_validator(mode="after")
    def _references(self) -> "State":
        if self.schema_version != SCHEMA_VERSION:
            raise ValueError(
                f"schema_version {self.schema_version} is not {SCHEMA_VERSION} "
                "(the store migrates older files before validation)"
            )
        if not self._reference_problem():
            return self
        self._explain_references()  # raises the first problem, in file order
        return self

    def _reference_problem(self) -> bool:
        """Whether any id repeats or dangles. Whole-list checks that run in C; only when
        one fails does the slower loop below look for the first problem to name (on the
        10-year file this saves ~30 M instructions, ~4 % of its validation)."""
        contact_ids = set(map(_ID, self.contacts))
        if len(contact_ids) != len(self.contacts):
            return True
        for items in (self.activities, self.journal):
            if len(set(map(_ID, items))) != len(items):
                return True
            if not contact_ids.issuperset(chain.from_iterable(map(_CONTACT_IDS, items))):
                return True
        checkin_keys = set(zip(map(_DAY, self.checkins), map(_KIND, self.checkins), strict=True))
        if len(checkin_keys) != len(self.checkins):
            return True
        return len(set(map(_WEEK, self.reviews))) != len(self.reviews)

    def _explain_references(self) -> None:
        contact_ids: set[str] = set()
        for i, c in enumerate(self.contacts):
            if c.id in contact_ids:
                raise ValueError(f"contacts[{i}]: id {c.id!r} is used twice")
            contact_ids.add(c.id)
        seen: set[str] = set()
        for i, a in enumerate(self.activities):
            if a.id in seen:
                raise ValueError(f"activities[{i}]: id {a.id!r} is used twice")
            seen.add(a.id)
            for cid in a.contact_ids:
                if cid not in contact_ids:
                    raise ValueError(f"activities[{i}] ({a.id}): contact {cid!r} does not exist")
        seen = set()
        for i, j in enumerate(self.journal):
            if j.id in seen:
                raise ValueError(f"journal[{i}]: id {j.id!r} is used twice")
            seen.add(j.id)
            for cid in j.contact_ids:
                if cid not in contact_ids:
                    raise ValueError(f"journal[{i}] ({j.id}): contact {cid!r} does not exist")
        checkin_keys: set[tuple[date, str]] = set()
        for i, ch in enumerate(self.checkins):
            key = (ch.day, ch.kind.value)
            if key in checkin_keys:
                raise ValueError(f"checkins[{i}]: two {ch.kind.value} check-ins on {ch.day}")
            checkin_keys.add(key)
        weeks: set[str] = set()
        for i, r in enumerate(self.reviews):
            if r.week in weeks:
                raise ValueError(f"reviews[{i}]: week {r.week} is reviewed twice")
            weeks.add(r.week)

    # -- conveniences used by the engine, CLI and app (pure, no I/O) ------------------

    def contact_map(self) -> dict[str, Contact]:
        return {c.id: c for c in self.contacts}

    def checkin(self, day: date, kind: CheckInKind = CheckInKind.MORNING) -> CheckIn | None:
        for ch in reversed(self.checkins):
            if ch.day == day and ch.kind == kind:
                return ch
        return None

    def review(self, week: str) -> WeeklyReview | None:
        for r in self.reviews:
            if r.week == week:
                return r
        return None


def format_validation_error(exc: Exception) -> str:
    """One line per problem: ``field.path: message``. Works for pydantic errors."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    lines = []
    for err in errors():
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(file)"
        msg = err.get("msg", "invalid")
        msg = msg.removeprefix("Value error, ")
        lines.append(f"{loc}: {msg}")
    return "\n".join(lines)
