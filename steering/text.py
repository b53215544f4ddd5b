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


_DIVISION_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def place_name(unit_name: str) -> str:
    """The place of a document's date line: "Tỉnh Hải Dương" -> "Hải Dương" ("Hải Dương, ngày …")."""
    for prefix in _DIVISION_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def in_sentence(unit_name: str) -> str:
    """A unit's name inside running text: the level word is lower-case ("của tỉnh Hải Dương", "huyện Nam Sách"),
    as Vietnamese administrative writing has it; other names are left as they are."""
    for prefix in _DIVISION_PREFIXES:
        if unit_name.startswith(prefix):
            return prefix.lower() + unit_name[len(prefix) :]
    return unit_name


def whole_of(unit_name: str) -> str:
    """ "Toàn tỉnh", "Toàn thành phố", "Toàn huyện" … for sentences about a unit's consolidated figures."""
    for prefix in _DIVISION_PREFIXES:
        if unit_name.startswith(prefix):
            return "Toàn " + prefix.strip().lower()
    return "Toàn đơn vị"


# Header names are printed in capitals (ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG); running text writes them in ordinary
# case. Word runs that keep capitals inside a name, longest first; every other word is lower-case.
_NAME_PHRASES = {
    ("ỦY", "BAN"): "Ủy ban",
    ("UỶ", "BAN"): "Ủy ban",
    ("MẶT", "TRẬN", "TỔ", "QUỐC"): "Mặt trận Tổ quốc",
    ("VIỆT", "NAM"): "Việt Nam",
    ("BAN", "THƯỜNG", "TRỰC"): "Ban Thường trực",
    ("BAN", "CHỈ", "ĐẠO"): "Ban Chỉ đạo",
    ("BAN", "PHONG", "TRÀO"): "Ban Phong trào",
    ("TRUNG", "ƯƠNG"): "Trung ương",
    ("TỈNH", "ỦY"): "Tỉnh ủy",
    ("THÀNH", "ỦY"): "Thành ủy",
    ("HUYỆN", "ỦY"): "Huyện ủy",
    ("THỊ", "ỦY"): "Thị ủy",
    ("ĐẢNG", "ỦY"): "Đảng ủy",
}
# Level words: lower-case, and the words after them are the place's name ("tỉnh Hải Dương").
_DIVISION_WORDS = [
    ("THÀNH", "PHỐ"),
    ("THỊ", "XÃ"),
    ("THỊ", "TRẤN"),
    ("ĐẶC", "KHU"),
    ("TỈNH",),
    ("HUYỆN",),
    ("QUẬN",),
    ("XÃ",),
    ("PHƯỜNG",),
]
# A body's generic noun: it and the word after it take a capital ("Ban Tuyên giáo", "Sở Công Thương", "Hội Nông dân").
_GENERIC_NOUNS = {"BAN", "SỞ", "HỘI", "CỤC", "PHÒNG", "ĐÀI", "ĐOÀN"}
_OPENING = "“\"'(«"
_CLOSING = "”\"')».,;:»"


def running_name(header_name: str) -> str:
    """A body's name as a header prints it (capitals, maybe on two lines) as running text writes it:
    "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG" -> "Ủy ban MTTQ Việt Nam tỉnh Hải Dương"; "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG
    “NGƯỜI VIỆT NAM ƯU TIÊN DÙNG HÀNG VIỆT NAM”" -> "Ban Chỉ đạo cuộc vận động “Người Việt Nam ưu tiên dùng hàng
    Việt Nam”". Acronyms (MTTQ, BCĐ, HĐND) stay as they are; a name already in ordinary case is returned as is."""
    words = (header_name or "").split()
    if not words or any(ch.islower() for ch in header_name):
        return " ".join(words)
    cores, leads, tails = [], [], []
    for word in words:
        core = word.lstrip(_OPENING)
        lead = word[: len(word) - len(core)]
        stripped = core.rstrip(_CLOSING)
        leads.append(lead)
        tails.append(core[len(stripped) :])
        cores.append(stripped)

    out: list[str] = [""] * len(words)
    i, in_place, named = 0, False, False
    while i < len(words):
        matched = False
        if not in_place:
            for division in _DIVISION_WORDS:
                n = len(division)
                if tuple(cores[i : i + n]) == division and (n > 1 or tuple(cores[i : i + 2]) not in _NAME_PHRASES):
                    for k in range(n):
                        out[i + k] = cores[i + k].lower()
                    i, in_place, matched = i + n, True, True
                    break
        if matched:
            continue
        for phrase, written in sorted(_NAME_PHRASES.items(), key=lambda item: -len(item[0])):
            n = len(phrase)
            if tuple(cores[i : i + n]) == phrase:
                for k, part in enumerate(written.split()):
                    out[i + k] = part
                i, matched = i + n, True
                break
        if matched:
            continue
        core = cores[i]
        if not any(ch in "aeiouy" for ch in fold(core)):  # MTTQ, BCĐ, HĐND: an acronym keeps its capitals
            out[i] = core
        elif in_place or leads[i] or named or core in _GENERIC_NOUNS:
            out[i] = core.capitalize()  # a place's name, a quoted name's first word, a body's generic noun
        else:
            out[i] = core.lower()
        named = core in _GENERIC_NOUNS and not named
        i += 1
    text = " ".join(lead + word + tail for lead, word, tail in zip(leads, out, tails, strict=True))
    return text[:1].upper() + text[1:]
