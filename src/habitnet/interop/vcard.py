"""vCard 2.1, 3.0 and 4.0 as phones and mail clients export them.

Handled: folded lines (CRLF or LF followed by a space or tab), quoted-printable values
with soft line breaks and a CHARSET, several EMAIL and TEL (the preferred one first),
FN / N, ORG, TITLE / ROLE, NOTE, URL (a LinkedIn URL goes to its own field), CATEGORIES,
X-SOCIALPROFILE, escaped characters (``\\n \\, \\; \\\\``), UTF-8 with or without BOM,
groups (``item1.EMAIL``), 2.1 bare parameters (``TEL;WORK;PREF``), ``tel:`` URIs.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from habitnet.interop.records import (
    ContactRecord,
    ImportFormatError,
    ParseResult,
    Skipped,
    finish,
)
from habitnet.interop.text import decode

FORMAT = "vcard"

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    @property
    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    @property
    def preferred(self) -> bool:
        if "pref" in self.types:
            return True
        pref = self.params.get("PREF", [])
        return bool(pref) and pref[0].strip() in {"1", ""}


@dataclass
class _Card:
    line: int
    props: list[Property] = field(default_factory=list)


def looks_like_vcard(text: str) -> bool:
    for line in text[:5_000].splitlines():
        if line.strip():
            return line.strip().upper().startswith("BEGIN:VCARD")
    return False


def _split_unquoted(text: str, sep: str, limit: int = -1) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted and (limit < 0 or len(parts) < limit):
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not escaped with a backslash; unescape the parts."""
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            buf.append(ch + value[i + 1])
            i += 2
            continue
        if ch == sep:
            parts.append(unescape("".join(buf)))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append(unescape("".join(buf)))
    return parts


def unescape(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfold: a physical line starting with a space or tab continues the previous one;
    a quoted-printable value ending in ``=`` continues on the next line."""
    out: list[tuple[int, str]] = []
    qp_open = False
    for lineno, line in enumerate(_LINE_BREAK.split(text), start=1):
        if out and qp_open and line.strip().upper() not in ("END:VCARD", "BEGIN:VCARD"):
            start, prev = out[-1]
            out[-1] = (start, prev[:-1] + line.lstrip(" \t") if prev.endswith("=") else prev)
        elif out and line[:1] in (" ", "\t"):
            start, prev = out[-1]
            out[-1] = (start, prev + line[1:])
        else:
            out.append((lineno, line))
        current = out[-1][1] if out else ""
        head = current.split(":", 1)[0].upper()
        qp_open = "QUOTED-PRINTABLE" in head and current.endswith("=") and ":" in current
    return out


def _parse_property(line: str, lineno: int) -> Property | None:
    parts = _split_unquoted(line, ":", limit=1)
    if len(parts) != 2:
        return None
    left, value = parts
    pieces = _split_unquoted(left, ";")
    name = pieces[0].strip().upper()
    if "." in name:
        name = name.rsplit(".", 1)[1]
    if not name:
        return None
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        piece = piece.strip()
        if not piece:
            continue
        if "=" in piece:
            key, _, raw = piece.partition("=")
            key = key.strip().upper()
            values = [v.strip().strip('"') for v in _split_unquoted(raw, ",")]
        else:  # vCard 2.1 bare parameter
            bare = piece.upper()
            key = "ENCODING" if bare in _ENCODINGS else "TYPE"
            values = [piece]
        params.setdefault(key, []).extend(v for v in values if v or key == "PREF")
    return Property(name, params, value, lineno)


def _decode_value(prop: Property) -> str | None:
    """The property's text, quoted-printable and charset decoded; None for binary."""
    encoding = {e.upper() for e in prop.params.get("ENCODING", [])}
    if encoding & {"BASE64", "B"}:
        return None
    if "QUOTED-PRINTABLE" not in encoding:
        return prop.value
    raw = quopri.decodestring(prop.value.encode("utf-8", "replace"))
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0] or "utf-8"
    try:
        return raw.decode(charset)
    except (LookupError, ValueError):  # an unknown charset, or the wrong one (a
        # UnicodeDecodeError), or a malformed name (one with a NUL is a plain ValueError)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", "replace")


def parse(data: bytes | str) -> ParseResult:
    """Read a vCard file (one or many cards). Raises :class:`ImportFormatError` only."""
    text = decode(data, "vCard", lenient=True)
    cards: list[_Card] = []
    result = ParseResult(FORMAT)
    current: _Card | None = None
    seen_begin = False
    for lineno, line in _logical_lines(text):
        stripped = line.strip()
        upper = stripped.upper()
        if upper == "BEGIN:VCARD":
            seen_begin = True
            if current is not None:
                result.skipped.append(
                    Skipped(
                        f"card {len(cards) + 1} (line {current.line})",
                        f"not closed with END:VCARD before the next card at line {lineno}",
                        _label(current),
                    )
                )
                cards.append(current)
            current = _Card(lineno)
            continue
        if upper == "END:VCARD":
            if current is not None:
                cards.append(current)
                _card(current, len(cards), result)
                current = None
            continue
        if current is None or not stripped:
            continue
        prop = _parse_property(line, lineno)
        if prop is not None:
            current.props.append(prop)
    if current is not None:
        cards.append(current)
        result.skipped.append(
            Skipped(
                f"card {len(cards)} (line {current.line})",
                "the file ends before END:VCARD (truncated?)",
                _label(current),
            )
        )
    if not seen_begin:
        raise ImportFormatError("this is not a vCard file: it has no BEGIN:VCARD line")
    return result


def _label(card: _Card) -> str:
    for prop in card.props:
        if prop.name == "FN":
            value = _decode_value(prop)
            if value:
                return " ".join(unescape(value).split())[:60]
    return ""


def _card(card: _Card, number: int, result: ParseResult) -> None:
    where = f"card {number} (line {card.line})"
    fn = ""
    n_name = ""
    org = ""
    title = ""
    role = ""
    emails: list[tuple[bool, str]] = []
    phones: list[tuple[bool, str]] = []
    notes: list[str] = []
    urls: list[str] = []
    linkedin = ""
    tags: list[str] = []
    for prop in card.props:
        value = _decode_value(prop)
        if value is None:
            continue
        name = prop.name
        if name == "FN" and not fn:
            fn = unescape(value)
        elif name == "N" and not n_name:
            parts = split_escaped(value, ";") + [""] * 5
            family, given, additional = parts[0], parts[1], parts[2]
            n_name = " ".join(" ".join((given, additional, family)).split())
        elif name == "ORG" and not org:
            org = next((p for p in split_escaped(value, ";") if p.strip()), "")
        elif name == "TITLE" and not title:
            title = unescape(value)
        elif name == "ROLE" and not role:
            role = unescape(value)
        elif name == "EMAIL":
            email = unescape(value).strip()
            if email.lower().startswith("mailto:"):
                email = email[7:]
            emails.append((prop.preferred, email))
        elif name == "TEL":
            tel = unescape(value).strip()
            if tel.lower().startswith("tel:"):
                tel = tel[4:]
            phones.append((prop.preferred, tel))
        elif name == "NOTE":
            note = unescape(value).strip()
            if note:
                notes.append(note)
        elif name in ("URL", "X-SOCIALPROFILE"):
            url = unescape(value).strip()
            if "linkedin." in url.lower() or "linkedin" in prop.types:
                if not linkedin and "linkedin." in url.lower():
                    linkedin = url
            elif url and name == "URL":
                urls.append(url)
        elif name == "CATEGORIES":
            tags.extend(t.strip() for t in split_escaped(value, ","))
    emails.sort(key=lambda pe: not pe[0])  # stable: preferred first
    phones.sort(key=lambda pe: not pe[0])
    if urls:
        notes.append("Web: " + " ".join(urls))
    name_value = " ".join(fn.split()) or n_name or " ".join(org.split())
    if not name_value and emails:
        name_value = emails[0][1]
    record = ContactRecord(
        name=name_value,
        where=where,
        source=FORMAT,
        organisation=org,
        role=title or role,
        emails=[e for _, e in emails],
        phones=[p for _, p in phones],
        linkedin_url=linkedin,
        tags=tags,
        notes="\n\n".join(notes),
    )
    if not name_value:
        result.skipped.append(Skipped(where, "no name (no FN, N, ORG or EMAIL)"))
        return
    finish(record, result)


__all__ = ["FORMAT", "ImportFormatError", "looks_like_vcard", "parse"]
