"""vCard 2.1 / 3.0 / 4.0 parsing, with files as phones and mail clients write them."""

from __future__ import annotations

import codecs

import pytest

from habitnet.interop import ImportFormatError, detect_format, vcard

V3_APPLE = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "N:Doe;Jane;Q.;Dr.;\r\n"
    "FN:Jane Doe\r\n"
    "ORG:Acme\\, Inc.;Research & Development\r\n"
    "TITLE:Chief Technology Officer\r\n"
    "item1.EMAIL;type=INTERNET;type=HOME:jane@home.example\r\n"
    "EMAIL;type=INTERNET;type=WORK;type=pref:jane@acme.example\r\n"
    "TEL;type=CELL;type=VOICE:+1 (555) 010-0001\r\n"
    "TEL;type=WORK;type=pref:+1 555 010 0002\r\n"
    "NOTE:Met at PyCon 2024\\, Pittsburgh.\\nLikes tea\\; not coffee. This note is lo\r\n"
    " ng enough that Apple folds it onto a second line.\r\n"
    "item2.URL;type=pref:https://www.linkedin.com/in/jane-doe-42/\r\n"
    "item3.URL:https://jane.example\r\n"
    "CATEGORIES:Work,Python\\,Data,mentors\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIC\r\n"
    " AkLDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8P\r\n"
    "END:VCARD\r\n"
)

V4 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Björn Ångström 🎻\n"
    "N:Ångström;Björn;;;\n"
    "EMAIL;TYPE=work;PREF=2:bjorn@work.example\n"
    "EMAIL;TYPE=home;PREF=1:bjorn@home.example\n"
    'TEL;VALUE=uri;TYPE="voice,cell":tel:+46-70-123-4567\n'
    "X-SOCIALPROFILE;TYPE=linkedin:https://se.linkedin.com/in/bjorn\n"
    "END:VCARD\n"
)

V21_ANDROID = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
    "TEL;CELL;PREF:+49 171 5550100\r\n"
    "TEL;WORK:+49 30 5550100\r\n"
    "EMAIL;INTERNET:juergen@example.de\r\n"
    "ORG;CHARSET=UTF-8:Stra\u00dfenbau GmbH\r\n"
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0AZweite Zeile mit =\r\n"
    "=C3=BCmlaut und noch mehr Text\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gar=E7on;Fran=E7ois;;;\r\n"
    "TEL;HOME:555\r\n"
    "END:VCARD\r\n"
)


def test_apple_v3_card() -> None:
    result = vcard.parse(codecs.BOM_UTF8 + V3_APPLE.encode())
    assert result.skipped == []
    (jane,) = result.records
    assert jane.name == "Jane Doe"
    assert jane.organisation == "Acme, Inc."
    assert jane.role == "Chief Technology Officer"
    assert jane.emails == ["jane@acme.example", "jane@home.example"]  # preferred first
    assert jane.phones == ["+1 555 010 0002", "+1 (555) 010-0001"]
    assert jane.notes.startswith("Met at PyCon 2024, Pittsburgh.\nLikes tea; not coffee.")
    assert "This note is long enough that Apple folds" in jane.notes
    assert "Web: https://jane.example" in jane.notes
    assert jane.linkedin_url == "https://www.linkedin.com/in/jane-doe-42/"
    assert jane.tags == ["work", "python,data", "mentors"]


def test_v4_card_pref_params_uri_tel_and_social_profile() -> None:
    (bjorn,) = vcard.parse(V4.encode()).records
    assert bjorn.name == "Björn Ångström 🎻"
    assert bjorn.emails == ["bjorn@home.example", "bjorn@work.example"]
    assert bjorn.phones == ["+46-70-123-4567"]
    assert bjorn.linkedin_url == "https://se.linkedin.com/in/bjorn"


def test_v21_quoted_printable_soft_breaks_and_charsets() -> None:
    result = vcard.parse(V21_ANDROID.encode("utf-8"))
    juergen, francois = result.records
    assert juergen.name == "Jürgen Müller"
    assert juergen.organisation == "Straßenbau GmbH"
    assert juergen.phones == ["+49 171 5550100", "+49 30 5550100"]
    assert juergen.emails == ["juergen@example.de"]
    # the card's CR LF is a line break; no carriage return is kept (a control character)
    assert juergen.notes == "Erste Zeile\nZweite Zeile mit ümlaut und noch mehr Text"
    assert francois.name == "François Garçon"  # from N, decoded as ISO-8859-1


@pytest.mark.parametrize("charset", ["utf\x00", "no-such-charset", ""])
def test_a_malformed_charset_falls_back_to_utf8(charset: str) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen\r\nEND:VCARD\r\n"
    )
    (record,) = vcard.parse(card).records  # text: the NUL check is for files
    assert record.name == "Jürgen"


def test_latin1_file_is_read_leniently() -> None:
    data = "BEGIN:VCARD\nVERSION:2.1\nFN:Ren\xe9e\nEND:VCARD\n".encode("latin-1")
    (rec,) = vcard.parse(data).records
    assert rec.name == "Renée"


def test_name_falls_back_to_org_then_email() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nORG:Pizza Place\nTEL:555\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:who@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nTEL:555\nEND:VCARD\n"
    )
    result = vcard.parse(text)
    assert [r.name for r in result.records] == ["Pizza Place", "who@example.com"]
    (skip,) = result.skipped
    assert skip.where == "card 3 (line 10)"
    assert "no name" in skip.reason


def test_bad_card_is_skipped_and_the_rest_imports() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:First\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Unclosed\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Third\nEMAIL:nope\nEND:VCARD\n"
        "garbage between cards\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Truncated\n"
    )
    result = vcard.parse(text)
    assert [r.name for r in result.records] == ["First", "Third"]
    assert result.records[1].emails == []
    assert any("not an email" in w for w in result.records[1].warnings)
    reasons = [(s.label, s.reason) for s in result.skipped]
    assert reasons[0][0] == "Unclosed" and "END:VCARD" in reasons[0][1]
    assert reasons[1][0] == "Truncated" and "ends before END:VCARD" in reasons[1][1]


def test_lowercase_and_whitespace_tolerated() -> None:
    text = "begin:vcard\nversion:3.0\nfn:  Lower   Case \nend:vcard\n"
    (rec,) = vcard.parse(text).records
    assert rec.name == "Lower Case"


@pytest.mark.parametrize(
    "value, parts",
    [
        (r"a\;b;c", ["a;b", "c"]),
        (r"a\\;b", ["a\\", "b"]),
        (r"x\nY\,z", ["x\nY,z"]),
    ],
)
def test_split_escaped(value: str, parts: list[str]) -> None:
    assert vcard.split_escaped(value, ";") == parts


def test_not_a_vcard_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match="no BEGIN:VCARD"):
        vcard.parse(b"First Name,Last Name\n")


def test_detects_vcard() -> None:
    assert detect_format(V3_APPLE.encode()) == "vcard"
    assert detect_format(codecs.BOM_UTF8 + b"\r\n" + V4.encode()) == "vcard"
