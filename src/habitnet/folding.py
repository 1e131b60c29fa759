"""Text folded for matching what people type: case and accents ignored, so ``zoe``
finds ``Zoë`` and ``lukasz`` finds ``Łukasz``. The one rule for every search and name
lookup (People, the journal, the contact picker, the command line)."""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into a base letter and a combining mark.
_LATIN_EXTRA = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
)


def fold(text: str) -> str:
    """Lower-case, accent-free text (``Zoë Łukasz`` → ``zoe lukasz``); ASCII text only
    has its case folded (the common case, and the fast one)."""
    low = text.casefold()
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low.translate(_LATIN_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
