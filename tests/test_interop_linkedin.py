"""LinkedIn Connections.csv parsing: every quirk of the real export, written here."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from habitnet.interop import ImportFormatError, detect_format, linkedin

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who have "
    "allowed their connections to see or download their email address using this setting "
    'https://www.linkedin.com/psettings/privacy/email. You can learn more here"\n'
    "\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
OLD_HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On\n"

ROWS = (
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-1815,,Analytical Engines,"
    "Programmer,12 Mar 2024\n"
    'José,"O\'Brien, Jr.",https://www.linkedin.com/in/jose-obrien/,jose@example.com,'
    '"Acme, Inc.","Head of ""Growth"" 🚀",01 Jan 2020\n'
    "Zoë,Ñúñez 😀,https://www.linkedin.com/in/zoe,,Café Crème,,3 Feb 2023\n"
)


def test_finds_header_after_preamble_with_bom() -> None:
    data = codecs.BOM_UTF8 + (PREAMBLE + HEADER + ROWS).encode("utf-8")
    result = linkedin.parse(data)
    assert [r.name for r in result.records] == ["Ada Lovelace", "José O'Brien, Jr.", "Zoë Ñúñez 😀"]
    ada, jose, zoe = result.records
    assert ada.organisation == "Analytical Engines"
    assert ada.role == "Programmer"
    assert ada.connected_on == date(2024, 3, 12)
    assert ada.emails == []
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada-lovelace-1815"
    assert jose.organisation == "Acme, Inc."
    assert jose.role == 'Head of "Growth" 🚀'
    assert jose.emails == ["jose@example.com"]
    assert zoe.organisation == "Café Crème"
    assert result.skipped == []
    # Data rows are numbered by their line in the file (3 preamble lines + header).
    assert ada.where == "line 5"


def test_without_bom_and_without_preamble() -> None:
    result = linkedin.parse((HEADER + ROWS).encode("utf-8"))
    assert len(result.records) == 3
    assert result.records[0].where == "line 2"


def test_preamble_of_different_length_is_found_not_counted() -> None:
    long_preamble = 'Notes:\nline one\nline two, with comma\n"quoted, more"\n\n\n'
    result = linkedin.parse((long_preamble + HEADER + ROWS).encode())
    assert len(result.records) == 3


def test_older_export_without_url_column() -> None:
    rows = "Grace,Hopper,grace@navy.mil,US Navy,Rear Admiral,9 Dec 2019\n"
    result = linkedin.parse((PREAMBLE + OLD_HEADER + rows).encode())
    (grace,) = result.records
    assert grace.linkedin_url == ""
    assert grace.emails == ["grace@navy.mil"]
    assert grace.organisation == "US Navy"
    assert grace.connected_on == date(2019, 12, 9)
    assert grace.met == "LinkedIn, connected 2019-12-09"


def test_crlf_line_endings_and_multiline_quoted_field() -> None:
    text = HEADER + 'Alan,Turing,,,"Bletchley\nPark",Codebreaker,7 Jun 2021\n'
    result = linkedin.parse(text.replace("\n", "\r\n").encode())
    (alan,) = result.records
    assert alan.organisation == "Bletchley Park"  # whitespace collapsed in one-line fields


def test_bad_rows_are_skipped_with_reasons_and_the_rest_imports() -> None:
    rows = (
        ",,https://www.linkedin.com/in/nobody,,Ghost Corp,,1 Jan 2020\n"
        "Bad,Row,https://www.linkedin.com/in/bad,,Acme, Inc,CEO,1 Jan 2020\n"
        "Bad,Email,,not-an-email,Org,,1 Jan 2020\n"
        "Odd,Date,,,Org,,the day before yesterday\n"
        ",,,,,,\n"
        "Good,Person,,,Org,,2 Feb 2022\n"
    )
    result = linkedin.parse((HEADER + rows).encode())
    names = [r.name for r in result.records]
    assert names == ["Bad Email", "Odd Date", "Good Person"]
    reasons = {s.where: s.reason for s in result.skipped}
    assert reasons["line 2"] == "no name"
    assert "8 fields" in reasons["line 3"] and "7" in reasons["line 3"]
    assert result.skipped[1].label == "Bad Row"
    bad_email = result.records[0]
    assert bad_email.emails == []
    assert any("not an email" in w for w in bad_email.warnings)
    odd = result.records[1]
    assert odd.connected_on is None
    assert any("not understood" in w for w in odd.warnings)


def test_overlong_values_are_shortened_not_fatal() -> None:
    rows = f"Long,Name,,,{'X' * 500},,1 Jan 2020\n"
    (rec,) = linkedin.parse((HEADER + rows).encode()).records
    assert len(rec.organisation) == 200
    assert rec.organisation.endswith("…")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12 Mar 2024", date(2024, 3, 12)),
        ("1 Sept 2023", None),
        ("01 September 2023", date(2023, 9, 1)),
        ("12-Mar-24", date(2024, 3, 12)),
        ("2024-03-12", date(2024, 3, 12)),
        ("", None),
    ],
)
def test_dates(raw: str, expected: date | None) -> None:
    assert linkedin.parse_date(raw) == expected


def test_not_a_linkedin_file_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match="not a LinkedIn Connections.csv"):
        linkedin.parse(b"name,email\nAda,ada@example.com\n")


def test_not_utf8_is_a_clear_error() -> None:
    data = (HEADER + "Jos\xe9,X,,,Org,,1 Jan 2020\n").encode("latin-1")
    with pytest.raises(ImportFormatError, match="not UTF-8"):
        linkedin.parse(data)


def test_detects_linkedin() -> None:
    assert detect_format((PREAMBLE + HEADER + ROWS).encode()) == "linkedin"
    assert detect_format(codecs.BOM_UTF8 + (HEADER + ROWS).encode()) == "linkedin"
