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


_DIVISION_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Thị trấn ")


def place_name(unit_name: str) -> str:
    """The place of a document's date line: "Tỉnh Hải Dương" -> "Hải Dương" ("Hải Dương, ngày …")."""
    for prefix in _DIVISION_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name
