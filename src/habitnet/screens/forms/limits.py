"""The limits the models set on a field (``Field(ge=…, le=…, max_length=…)``), for the
forms' hints and messages: a limit is written once, in ``habitnet.models``, and a form
that shows "(0–50)" or refuses a 41-character name reads it from there.
"""

from __future__ import annotations

from annotated_types import Ge, Gt, Le, Lt, MaxLen
from pydantic import BaseModel


def bounds(model: type[BaseModel], field: str) -> tuple[int, int]:
    """The smallest and largest whole number ``model.field`` accepts."""
    low: int | None = None
    high: int | None = None
    for limit in model.model_fields[field].metadata:
        if isinstance(limit, Ge):
            low = int(limit.ge)  # type: ignore[call-overload]
        elif isinstance(limit, Gt):
            low = int(limit.gt) + 1  # type: ignore[call-overload]
        elif isinstance(limit, Le):
            high = int(limit.le)  # type: ignore[call-overload]
        elif isinstance(limit, Lt):
            high = int(limit.lt) - 1  # type: ignore[call-overload]
    if low is None or high is None:
        raise LookupError(f"{model.__name__}.{field} has no lower and upper bound")
    return low, high


def levels(model: type[BaseModel], field: str) -> range:
    """Every whole number ``model.field`` accepts (a check-in's 1–5)."""
    low, high = bounds(model, field)
    return range(low, high + 1)


def range_text(model: type[BaseModel], field: str) -> str:
    """``"0–50"``: the range of ``model.field``, as the hints show it."""
    low, high = bounds(model, field)
    return f"{low}–{high}"


def max_length(model: type[BaseModel], field: str) -> int:
    """The most characters ``model.field`` accepts."""
    for limit in model.model_fields[field].metadata:
        if isinstance(limit, MaxLen):
            return limit.max_length
    raise LookupError(f"{model.__name__}.{field} has no maximum length")
