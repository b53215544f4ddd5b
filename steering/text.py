"""Text helpers shared by every app: diacritic-free search keys."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text, for searches that ignore diacritics.

    "Hải Dương" -> "hai duong"; "Đ" has no decomposition in Unicode, so it is mapped by hand.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
