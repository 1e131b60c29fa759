"""Turning the bytes of an import file into text, with clear errors."""

from __future__ import annotations

import codecs

from habitnet.interop.records import ImportFormatError

MAX_IMPORT_BYTES = 200 * 1024 * 1024


def decode(data: bytes | str, what: str, *, lenient: bool = False) -> str:
    """UTF-8 with or without a byte-order mark (UTF-16 when it carries its BOM).

    ``lenient`` falls back to Windows-1252 / Latin-1 for old vCard 2.1 files written by
    phones; otherwise a file that is not UTF-8 is refused with the byte offset.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFormatError(
            f"the file is {len(data) // (1024 * 1024)} MB; a {what} file this large is not "
            "something habitnet can import"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(
                f"the file starts like UTF-16 text but byte {exc.start} is not valid UTF-16"
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if lenient:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                return data.decode("latin-1")
        raise ImportFormatError(
            f"the file is not UTF-8 text (byte {exc.start} cannot be read); a {what} file is "
            "UTF-8 — if you re-saved it in a spreadsheet, save it again as 'CSV UTF-8'"
        ) from None
    if "\x00" in text:
        raise ImportFormatError(f"the file contains NUL bytes; it is not a {what} text file")
    return text
