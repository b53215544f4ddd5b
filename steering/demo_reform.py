"""Demo: the 2025 reorganisation, applied to the 2021 Hải Dương story (after it is loaded).

Hải Dương (30) and the old Hải Phòng (31) become the new Thành phố Hải Phòng (31, from 01/07/2025) with 114
communes and no districts, from the official data (`reorganise_units --province 30` does the same). The new city
gets its office, its committee and two accounts: `haiphong` (the city's office) and `xa` (staff of Xã Nam Sách,
the successor of Thị trấn Nam Sách, Xã Hồng Phong and Xã Đồng Lạc). The 2021 accounts stay on their 2021 units,
so the 2021 story can still be walked (a real run moves the staff of a commune with one successor).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from steering import services
from steering.demo import PROVINCE_MEMBERS, _agencies, _committee, _Names, _user
from steering.models import AdministrativeUnit, DocumentIssuer, MemberRole, Role
from steering.reorganisation import reorganise

OLD_PROVINCE = "30"
CITY = "31"
COMMUNE = "10606"  # Xã Nam Sách since 01/07/2025 (the code of the old Thị trấn Nam Sách)
CYCLE = "2024-2029"

CITY_COMMUNE_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam {name}", "mttq", "Chủ tịch Ủy ban MTTQ", MemberRole.HEAD),
    ("Ủy ban nhân dân {name}", "", "Phó Chủ tịch UBND", MemberRole.STANDING_DEPUTY),
    ("Công an {name}", "cong_an", "Trưởng Công an", MemberRole.MEMBER),
    ("Hội Nông dân {name}", "doan_the", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ {name}", "doan_the", "Chủ tịch Hội", MemberRole.SECRETARY),
]


def _city_members():
    """The provincial committee's member list, worded for a centrally-governed city."""
    rows = []
    for agency, short, kind, position, role in PROVINCE_MEMBERS:
        agency = agency.replace("Tỉnh ủy", "Thành ủy").replace(" tỉnh", " thành phố")
        position = position.replace(" tỉnh", " thành phố")
        rows.append((agency, short.replace("tỉnh", "TP"), kind, position, role))
    return rows


@transaction.atomic
def seed(stdout=None) -> dict:
    if not AdministrativeUnit.objects.filter(code=OLD_PROVINCE).exists():
        return {}
    outcome = reorganise(province_codes=[OLD_PROVINCE], move_people=False)
    city = AdministrativeUnit.objects.with_code(CITY)
    commune = AdministrativeUnit.objects.with_code(COMMUNE)
    DocumentIssuer.objects.get_or_create(
        unit=city,
        committee=None,
        defaults={
            "parent_body": "ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ HẢI PHÒNG",
            "issuing_body": "BAN THƯỜNG TRỰC",
            "code": "MT",
            "place_name": "Hải Phòng",
            "signer_authority": "TM. BAN THƯỜNG TRỰC",
            "signer_title": "PHÓ CHỦ TỊCH",
            "signer_name": "Phạm Thị Thanh Hà",
        },
    )
    services.issuer_for_unit(unit=commune)
    names = _Names(2025)
    members = _city_members()
    _agencies(city, [(name, short, kind, role != MemberRole.HEAD) for name, short, kind, _pos, role in members])
    _committee(
        city,
        names,
        [(a, kind, pos, role) for a, _s, kind, pos, role in members],
        formed=datetime.date(2025, 7, 15),
        decision_no="05/QĐ-MTTQ",
        cycle=CYCLE,
    )
    _committee(
        commune, names, CITY_COMMUNE_MEMBERS, formed=datetime.date(2025, 7, 20), decision_no="02/QĐ-MTTQ", cycle=CYCLE
    )
    accounts = {
        "haiphong": _user("haiphong", unit=city, role=Role.PROVINCIAL_OFFICE, first="Thảo", last="Bùi"),
        "xa": _user("xa", unit=commune, role=Role.UNIT_STAFF, first="Khánh", last="Ngô"),
    }
    result = {"city": city.key, "communes": city.children.count(), "changes": outcome.changed}
    if stdout:
        stdout.write(f"steering reform: {result}\n")
    return {**result, "accounts": accounts}
