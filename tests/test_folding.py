"""habitnet.folding.fold: case and accents ignored, the same as folding each character."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from habitnet.folding import _LATIN_EXTRA, fold


def fold_whole(text: str) -> str:
    """The rule applied to the whole text at once (the plain, slow way)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_names_fold_to_what_people_type() -> None:
    assert fold("Zoë Łukasz") == "zoe lukasz"
    assert fold("Ærøskøbing Straße") == "aeroskobing strasse"
    assert fold("naïve CAFÉ") == "naive cafe"
    assert fold("Иван Й") == "иван и"
    assert fold("e\u0301") == "e"  # a combining accent after an ASCII letter
    assert fold("plain ascii") == "plain ascii"


@given(st.text())
def test_folding_runs_equals_folding_the_whole_text(text: str) -> None:
    assert fold(text) == fold_whole(text)
