"""Sums of kronor as people write them ("250 000", "250 000 kr", "1 200 000,00 kronor",
"75000:-"), read the same way by the activity import and the coordination savings' fields."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_AMOUNT = re.compile(r"^(?P<sign>[-−])?(?P<whole>\d+)(?:[.,](?P<fraction>\d+))?$")
_SUFFIXES = ("kronor", "kr.", "kr", "sek", ":-")


class NotKronor(ValueError):
    """The text is no sum, or not a whole one."""


class NotWhole(NotKronor):
    """The sum has öre."""


class BelowZero(ValueError):
    """The sum is negative."""


def whole_kronor(text: str) -> int | None:
    """Whole kronor from the text, None for an empty one. Raises NotKronor for anything but a
    sum (NotWhole for one with öre other than zero) and BelowZero for a negative one."""
    compact = _SPACES.sub("", text).casefold()
    if not compact:
        return None
    for suffix in _SUFFIXES:
        if compact.endswith(suffix):
            compact = compact[: -len(suffix)]
            break
    match = _AMOUNT.match(compact)
    if not match:
        raise NotKronor(text)
    if match["sign"]:
        raise BelowZero(text)
    if match["fraction"] and set(match["fraction"]) != {"0"}:
        raise NotWhole(text)
    return int(match["whole"])
