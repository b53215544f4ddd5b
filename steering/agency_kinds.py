"""Guessing an agency's kind from its name: for agencies created before kinds existed, and for imports.

The kinds themselves are `steering.models.AgencyKind` (from steering/data/agency-kinds.csv). The guess looks at
words of the Vietnamese name, most specific first; an agency that matches nothing keeps no kind ("") and the
provincial office sets it on the agency's page.
"""

from __future__ import annotations

from steering.text import fold

# (folded words, kind), most specific first: "Ban Phong trào, Ủy ban MTTQ" is the standing body, not a union.
NAME_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ban phong trao", "mttq", "mat tran to quoc"), "mttq"),
    (("bao ve nguoi tieu dung", "bao ve quyen loi nguoi tieu dung"), "bao_ve_ntd"),
    (("quan ly thi truong",), "qltt"),
    (("cong an",), "cong_an"),
    (("nong nghiep",), "nong_nghiep"),
    (("khoa hoc",), "khcn"),
    (("y te",), "y_te"),
    (("tuyen giao",), "tuyen_giao"),
    (("trung tam van hoa",), "bao_chi"),  # the district's radio station
    (("thong tin va truyen thong", "van hoa va thong tin", "van hoa - thong tin"), "thong_tin"),
    (("bao ", "dai phat thanh", "truyen hinh"), "bao_chi"),
    (("tai chinh", "ke hoach va dau tu"), "tai_chinh"),
    (("cong thuong", "phong kinh te"), "cong_thuong"),
    (("hop tac xa", "hiep hoi"), "hop_tac_xa"),
    (("lien doan lao dong", "hoi nong dan", "phu nu", "doan thanh nien", "tinh doan", "cuu chien binh"), "doan_the"),
)


def guess_kind(name: str) -> str:
    folded = f"{fold(name)} "
    for words, kind in NAME_RULES:
        if any(folded.startswith(w) or f" {w}" in f" {folded}" for w in words):
            return kind
    return ""
