"""Text folded for matching what people type: case and accents ignored, so ``zoe``
finds ``Zoë`` and ``lukasz`` finds ``Łukasz``. The one rule for every search and name
lookup (People, the journal, the contact picker, the command line)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that do not decompose into a base letter and a combining mark.
_LATIN_EXTRA = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    """A run of non-ASCII characters (already case-folded), accents taken off."""
    decomposed = unicodedata.normalize("NFKD", run.translate(_LATIN_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, accent-free text (``Zoë Łukasz`` → ``zoe lukasz``).

    Only the non-ASCII runs go through decomposition (each character folds on its own,
    so the result is the same as folding the whole text): a journal entry with a name
    or two in it costs a few microseconds, not a pass over every character.
    """
    low = text.casefold()
    if low.isascii():
        return low
    return _NON_ASCII.sub(lambda m: _fold_run(m.group()), low)
