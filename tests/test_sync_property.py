"""Convergence, as file sync delivers: 2–3 simulated devices make random operations on
what each one sees, and their change logs reach each other in random order, late,
twice, cut short mid-line, or as a snapshot (a compaction). Once everything has
arrived, every device holds the same replica and shows the same state — equal to
applying every operation in clock order with a plain sequential interpreter — and the
state each device kept up to date merge by merge equals the one built whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from habitnet import ops
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import State
from habitnet.sync import logfile
from habitnet.sync.folder import Incoming, parse_ops
from habitnet.sync.hlc import HybridClock
from habitnet.sync.replica import Key, Replica
from habitnet.sync.view import View, ViewInfo, materialize

EMAILS = ["ada@example.com", "grace@example.com", "alan@example.com"]
URLS = ["", "https://www.linkedin.com/in/ada", "https://linkedin.com/in/grace/"]
ROLES = ["Engineer", "CTO", "Founder"]
DAYS = [date(2026, 11, 20), date(2026, 11, 21)]


@dataclass
class Device:
    id: str
    clock: FixedClock
    hlc: HybridClock
    replica: Replica = field(default_factory=Replica)
    view: View | None = None
    state: State = field(default_factory=State)
    outbox: bytes = b""
    seq: int = 0
    made: int = 0

    def __post_init__(self) -> None:
        self.view = View(self.replica, ViewInfo())

    # -- making operations ------------------------------------------------------------

    def write(self, op: dict[str, Any]) -> None:
        self.seq += 1
        self.clock.advance(timedelta(milliseconds=1))
        hlc = self.hlc.now()
        obj: dict[str, Any] = {"seq": self.seq, "dev": self.id, "hlc": hlc, "op": op}
        seen = None
        if op["op"] == "delete":
            seen = dict(self.replica.vector)
            obj["seen"] = seen
        self.outbox += logfile.encode_line(obj)
        key = self.replica.apply(self.id, self.seq, hlc, op, seen)
        assert self.view is not None
        self.view.refresh(self.state, {key} if key else set())

    def new_id(self, prefix: str) -> str:
        self.made += 1
        return f"{prefix}-{self.id}{self.made}"


def make_op(dev: Device, choice: int, a: int, b: int) -> dict[str, Any] | None:
    """An operation ``dev`` could make on what it shows (choice, and two numbers that
    pick records and values)."""
    s = dev.state
    contacts = s.contacts
    kind = choice % 11
    if kind == 0 or not contacts:
        data = {
            "id": dev.new_id("c"),
            "name": f"Person {a}",
            "created": "2026-11-01",
            "emails": [EMAILS[a % 3]] if b % 2 else [],
            "linkedin_url": URLS[b % 3],
        }
        return {"op": "put", "collection": "contacts", "record": data}
    c = contacts[a % len(contacts)]
    if kind == 1:
        return {
            "op": "patch",
            "collection": "contacts",
            "key": c.id,
            "fields": {"role": ROLES[b % 3]},
        }
    if kind == 2:
        note = f"{dev.id} note {b}"
        return {"op": "patch", "collection": "contacts", "key": c.id, "fields": {"notes": note}}
    if kind == 3:
        return {"op": "delete", "collection": "contacts", "key": c.id}
    if kind == 4:
        names = [x.id for x in contacts[: 1 + b % 2]]
        data = {
            "id": dev.new_id("a"),
            "at": (DEMO_NOW - timedelta(hours=a % 30)).isoformat(),
            "kind": ["message", "coffee", "event"][b % 3],
            "contact_ids": names,
            "cost": [1, 3, 5][b % 3],
        }
        return {"op": "put", "collection": "activities", "record": data}
    if kind == 5 and s.activities:
        act = s.activities[a % len(s.activities)]
        return {"op": "delete", "collection": "activities", "key": act.id}
    if kind == 6:
        data = {"id": dev.new_id("j"), "day": "2026-11-20", "text": f"entry {a}"}
        if b % 2:
            data["contact_ids"] = [c.id]
        return {"op": "put", "collection": "journal", "record": data}
    if kind == 7 and s.journal:
        j = s.journal[a % len(s.journal)]
        if b % 2:
            return {"op": "delete", "collection": "journal", "key": j.id}
        return {
            "op": "patch",
            "collection": "journal",
            "key": j.id,
            "fields": {"text": f"{dev.id} {b}"},
        }
    if kind == 8:
        day = DAYS[a % 2].isoformat()
        data = {"day": day, "kind": "morning", "energy": 1 + b % 5, "mood": 1 + a % 5}
        return {"op": "put", "collection": "checkins", "record": data}
    if kind == 9:
        target = a % 6
        fields = {"daily_target": target, "daily_cap": target + b % 4}
        return {"op": "patch", "collection": "settings", "key": "", "fields": fields}
    if kind == 10:
        name = ["podcast", "meetup"][a % 2]
        if b % 3 == 0:
            return {"op": "delete", "collection": "kinds", "key": name}
        data = {"name": name, "cost": 1 + b % 4}
        return {"op": "put", "collection": "kinds", "record": data}
    return None


# -- delivery ---------------------------------------------------------------------------


def deliver(to: Device, files: list[bytes], snapshots: list[bytes] = ()) -> None:
    """``to`` reads these files (change logs, maybe cut short; snapshots, maybe
    incomplete), as it would from its sync folder."""
    got = Incoming()
    chosen: dict[tuple[str, int], bytes] = {}
    for i, data in enumerate(files):
        parse_ops(data, f"f{i}", dict(to.replica.vector), got, chosen)
    touched: set[Key] = set()
    for data in snapshots:
        snap = Replica.from_bytes(data)
        if snap is not None:
            touched |= to.replica.merge(snap)
            if snap.hlc:
                to.hlc.observe(snap.hlc)
    for dev in sorted(got.lines):
        lines = got.lines[dev]
        seq = to.replica.vector.get(dev, 0) + 1
        while seq in lines:
            obj = lines[seq]
            key = to.replica.apply(dev, seq, obj["hlc"], obj["op"], obj.get("seen"))
            if key is not None:
                touched.add(key)
            to.hlc.observe(obj["hlc"])
            seq += 1
    assert to.view is not None
    to.view.refresh(to.state, touched)


# -- the reference: every operation in clock order, one after another --------------------


def sequential(devices: list[Device]) -> dict[Key, tuple[dict[str, Any], bool]]:
    everything = []
    for d in devices:
        for line in d.outbox.splitlines():
            obj = logfile.decode_line(line)
            assert obj is not None
            everything.append(obj)
    everything.sort(key=lambda o: o["hlc"])
    records: dict[Key, dict[str, Any]] = {}
    for o in everything:
        op = o["op"]
        from habitnet.sync.replica import key_of_op

        key = key_of_op(op)
        rec = records.setdefault(key, {"data": {}, "put": False, "writes": set()})
        if op["op"] == "put":
            rec["data"] = dict(op["record"])
            rec["put"] = True
            rec["writes"].add((o["dev"], o["seq"]))
        elif op["op"] == "patch":
            rec["data"].update(op["fields"])
            rec["writes"].add((o["dev"], o["seq"]))
        else:
            seen = dict(o.get("seen") or {})
            seen[o["dev"]] = o["seq"]
            rec["writes"] = {(d, s) for d, s in rec["writes"] if s > seen.get(d, 0)}
    return {k: (r["data"], r["put"] and bool(r["writes"])) for k, r in records.items()}


op_step = st.tuples(
    st.just("op"), st.integers(0, 2), st.integers(0, 10), st.integers(0, 9), st.integers(0, 9)
)
step = st.one_of(
    op_step,
    op_step,
    st.tuples(
        st.just("deliver"),
        st.integers(0, 2),
        st.integers(0, 2),
        st.sampled_from(["all", "prefix", "half", "twice", "snapshot", "half-snapshot"]),
        st.integers(0, 10_000),
    ),
    st.tuples(st.just("skew"), st.integers(0, 2), st.integers(-5000, 5000), st.just(0), st.just(0)),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(n=st.integers(2, 3), steps=st.lists(step, min_size=20, max_size=80))
def test_devices_converge_to_the_clock_order_state(n: int, steps: list[tuple[Any, ...]]) -> None:
    devices = []
    for i in range(n):
        clock = FixedClock(datetime(2026, 11, 21, 9, 30, tzinfo=DEMO_NOW.tzinfo))
        dev_id = f"d{i}"
        devices.append(Device(dev_id, clock, HybridClock(dev_id, clock)))
    for kind, i, j, how, x in steps:
        if kind == "op":
            dev = devices[i % n]
            op = make_op(dev, j, how, x)
            if op is not None:
                dev.write(op)
        elif kind == "skew":
            devices[i % n].clock.advance(timedelta(milliseconds=j))
        else:
            src, to = devices[i % n], devices[j % n]
            data = src.outbox
            if how == "all":
                deliver(to, [data])
            elif how == "prefix":
                lines = data.splitlines(keepends=True)
                deliver(to, [b"".join(lines[: x % (len(lines) + 1)])])
            elif how == "half":
                deliver(to, [data[: x % (len(data) + 1)]])
            elif how == "twice":
                deliver(to, [data, data])
                deliver(to, [data])
            elif how == "snapshot":
                deliver(to, [], [src.replica.to_bytes(src.id)])
            else:
                snap = src.replica.to_bytes(src.id)
                deliver(to, [], [snap[: x % (len(snap) + 1)]])
    # everything arrives, in the worst order: newest device first, each file twice
    for to in devices:
        deliver(to, [d.outbox for d in reversed(devices)] * 2)

    first = devices[0]
    for d in devices[1:]:
        assert d.replica.vector == first.replica.vector
        assert dict(d.replica.items()) == dict(first.replica.items())
        assert d.state == first.state
    whole, _info = materialize(first.replica)
    for d in devices:
        assert d.state == whole, "merged step by step must equal built whole"

    info = devices[0].view.info if devices[0].view else ViewInfo()
    event(f"operations: {sum(d.seq for d in devices) // 10 * 10}+")
    for what, n in (
        ("merged people", len(info.absorbed)),
        ("kept by reference", len(info.revived)),
    ):
        event(f"{what}: {'some' if n else 'none'}")
    expected = sequential(devices)
    got = dict(first.replica.items())
    assert set(got) == set(expected)
    for key, (data, live) in expected.items():
        entry = got[key]
        assert entry.live == live, key
        assert entry.d == data, key


def test_join_is_commutative_associative_idempotent() -> None:
    """The law behind convergence, on entries made by hand."""
    from habitnet.sync.replica import Entry, join

    a = Entry("0001-00000000-a", {"x": 1, "y": 1}, None, {"a": 1}, None, "0001-00000000-a")
    b = Entry(None, {"y": 2}, {"y": "0002-00000000-b"}, {"b": 1})
    c = Entry(None, None, None, None, {"a": 1, "b": 1})
    d = Entry("0003-00000000-c", {"x": 3}, None, {"c": 1}, None, "0003-00000000-c")
    for p in (a, b, c, d):
        assert join(p, p) == p
        for q in (a, b, c, d):
            assert join(p, q) == join(q, p)
            for r in (a, b, c, d):
                assert join(join(p, q), r) == join(p, join(q, r))
    merged = join(join(a, b), d)
    assert merged.d == {"x": 3}  # the later put unsets y (its record has none)
    assert join(a, b).d == {"x": 1, "y": 2}
    assert not join(a, c).live and join(join(a, c), b).live is False  # b's write seen
    assert join(join(a, c), d).live


def test_ops_key_matches_the_logged_key() -> None:
    from habitnet.models import CheckIn, Contact
    from habitnet.sync.replica import record_key

    c = Contact(name="Ada", created=date(2026, 1, 1))
    ch = CheckIn(day=date(2026, 1, 2), energy=3, mood=3)
    assert record_key("contacts", c.model_dump(mode="json")) == ops.key_of("contacts", c)
    assert record_key("checkins", ch.model_dump(mode="json")) == ops.key_of("checkins", ch)
