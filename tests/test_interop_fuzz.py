"""Fuzzing the import parsers: never a traceback, always records or a clear error."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habitnet.interop import (
    ImportFormatError,
    apply_plan,
    detect_format,
    linkedin,
    parse_contacts,
    plan_import,
    vcard,
)
from habitnet.models import State

LINKEDIN = (
    '\ufeffNotes:\n"When exporting, emails may be missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    'Ada,Lovelace,https://www.linkedin.com/in/ada,,"Engines, Ltd",Programmer,12 Mar 2024\n'
    'Zoë,Ñúñez 😀,,z@example.com,Café,"Head of ""Growth""",3 Feb 2023\n'
).encode()

VCARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Acme\\, Inc.;R&D\r\n"
    b"EMAIL;TYPE=pref:jane@acme.example\r\nTEL;TYPE=cell:+1 555\r\nNOTE:long note\\nline t\r\n"
    b" wo\r\nURL:https://linkedin.com/in/jane\r\nCATEGORIES:a,b\\,c\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BC=\r\n"
    b"rgen\r\nTEL;CELL;PREF:555\r\nEND:VCARD\r\n"
)

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(parse, data: bytes) -> None:
    try:
        result = parse(data)
    except ImportFormatError as exc:
        message = str(exc)
        assert message and "Traceback" not in message
        return
    # Whatever was parsed must merge into a valid state.
    plan = plan_import(State(), result, date(2026, 11, 21))
    state = apply_plan(State(), plan)
    assert len(state.contacts) == len(plan.added)
    for skipped in result.skipped:
        assert str(skipped)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for pos, cut, insert in edits:
        pos = pos % (len(buf) + 1)
        buf[pos : pos + cut] = insert
    return bytes(buf)


EDITS = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.integers(0, 8),
        st.sampled_from(
            [
                b"",
                b",",
                b'"',
                b"\n",
                b"\r\n",
                b";",
                b":",
                b"=",
                b"\\",
                b"\x00",
                b"\xff",
                b"\xc3",
                b" ",
                b"BEGIN:VCARD\n",
                b"END:VCARD\n",
                b"=\r\n",
                b"\t",
                "é😀".encode(),
            ]
        )
        | st.binary(max_size=6),
    ),
    max_size=8,
)


@FUZZ
@given(st.binary(max_size=2_000))
def test_random_bytes_linkedin(data: bytes) -> None:
    _check(linkedin.parse, data)


@FUZZ
@given(st.binary(max_size=2_000))
def test_random_bytes_vcard(data: bytes) -> None:
    _check(vcard.parse, data)


@FUZZ
@given(EDITS)
def test_mutated_linkedin(edits: list[tuple[int, int, bytes]]) -> None:
    _check(linkedin.parse, _mutate(LINKEDIN, edits))


@FUZZ
@given(EDITS)
def test_mutated_vcard(edits: list[tuple[int, int, bytes]]) -> None:
    _check(vcard.parse, _mutate(VCARD, edits))


@FUZZ
@given(st.text(max_size=1_500))
def test_random_text_both_parsers(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    _check(linkedin.parse, data)
    _check(vcard.parse, data)


@FUZZ
@given(st.binary(max_size=500) | EDITS.map(lambda e: _mutate(VCARD + LINKEDIN, e)))
def test_detect_then_parse(data: bytes) -> None:
    try:
        fmt = detect_format(data)
    except ImportFormatError as exc:
        assert str(exc)
        return
    if fmt == "json":
        return
    _check(lambda d: parse_contacts(d, fmt), data)
