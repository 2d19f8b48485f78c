"""Text helpers: folding names so that search tolerates case, æ/ø/å, accents and hyphens."""

from __future__ import annotations

import re
import unicodedata

# Norwegian letters and their common ASCII spellings fold to the same form, so that
# "Aase", "Åse" and "ÅSE" meet, and "Sørensen" is found by "sorensen" or "soerensen".
_LETTER_FOLDS = {"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "ü": "u", "ß": "ss"}
_DIGRAPH_FOLDS = (("aa", "a"), ("oe", "o"))
_SEPARATORS = re.compile(r"[\s\-‐–—'’`.,_/]+")


def fold(text: str) -> str:
    """Fold a name to its search form: lower case, Norwegian letters and accents spelt out in
    ASCII, hyphens and apostrophes turned into spaces, white space collapsed.

    >>> fold("Ærlig-Sørensen  Åse")
    'aerlig sorensen ase'
    """
    lowered = text.casefold()
    spelt = "".join(_LETTER_FOLDS.get(ch, ch) for ch in lowered)
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFKD", spelt) if not unicodedata.combining(ch)
    )
    for digraph, single in _DIGRAPH_FOLDS:
        stripped = stripped.replace(digraph, single)
    return _SEPARATORS.sub(" ", stripped).strip()


def search_tokens(query: str) -> list[str]:
    """The folded words of a search query, without empty pieces."""
    return [token for token in fold(query).split(" ") if token]
