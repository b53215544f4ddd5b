"""Demo data for the foundation: Hải Dương's units, committees, agencies, members and the demo accounts.

Idempotent: everything is keyed on natural keys (unit code, committee cycle, agency name, username), so a
second run finds what the first made. Deterministic: names come from a seeded generator.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import Group
from django.db import transaction

from steering import services
from steering.models import (
    AdministrativeUnit,
    Agency,
    Committee,
    CommitteeDecision,
    DocumentIssuer,
    MemberRole,
    Membership,
    Person,
    Role,
    User,
)
from steering.text import fold

PROVINCE_CODE = "30"
DISTRICT_CODE = "291"  # Huyện Nam Sách
CYCLE = "2019-2024"
DEMO_PASSWORD = "demo12345"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lương", "Phan"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân", "Thu", "Hồng", "Công"]
GIVEN = [
    "Hùng",
    "Lan",
    "Tuấn",
    "Hà",
    "Dũng",
    "Hương",
    "Thắng",
    "Mai",
    "Cường",
    "Nga",
    "Bình",
    "Hải",
    "Long",
    "Yến",
    "Sơn",
    "Thảo",
    "Khánh",
    "Phương",
    "Trung",
    "Linh",
    "Quân",
    "Hạnh",
    "Toàn",
    "Vân",
]

# (agency, short name, member's position, role) of the provincial committee, as DOMAIN.md lists them.
PROVINCE_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ tỉnh", "Chủ tịch Ủy ban MTTQ tỉnh", MemberRole.HEAD),
    ("Sở Công Thương", "SCT", "Giám đốc Sở", MemberRole.STANDING_DEPUTY),
    ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ tỉnh", "Phó Chủ tịch Ủy ban MTTQ tỉnh", MemberRole.DEPUTY),
    ("Ban Tuyên giáo Tỉnh ủy", "BTG", "Phó Trưởng ban", MemberRole.MEMBER),
    ("Cục Quản lý thị trường tỉnh", "QLTT", "Phó Cục trưởng", MemberRole.MEMBER),
    ("Sở Thông tin và Truyền thông", "STTTT", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Khoa học và Công nghệ", "SKHCN", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Y tế", "SYT", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Tài chính", "STC", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Công an tỉnh", "CA tỉnh", "Phó Giám đốc Công an tỉnh", MemberRole.MEMBER),
    ("Liên đoàn Lao động tỉnh", "LĐLĐ", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Hội Nông dân tỉnh", "HND", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ tỉnh", "HLHPN", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Tỉnh đoàn", "Tỉnh đoàn", "Phó Bí thư", MemberRole.MEMBER),
    ("Hội Cựu chiến binh tỉnh", "HCCB", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Liên minh Hợp tác xã tỉnh", "LMHTX", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Hội Bảo vệ người tiêu dùng tỉnh", "Hội BVNTD", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Báo Hải Dương", "Báo HD", "Phó Tổng Biên tập", MemberRole.MEMBER),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", "Phó Giám đốc", MemberRole.MEMBER),
    ("Ban Phong trào, Ủy ban MTTQ tỉnh", "Ban Phong trào", "Trưởng ban Phong trào", MemberRole.SECRETARY),
]

DISTRICT_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam {name}", "Chủ tịch Ủy ban MTTQ", MemberRole.HEAD),
    ("Phòng Kinh tế {name}", "Trưởng phòng", MemberRole.STANDING_DEPUTY),
    ("Ủy ban MTTQ Việt Nam {name}", "Phó Chủ tịch Ủy ban MTTQ", MemberRole.DEPUTY),
    ("Công an {name}", "Phó Trưởng Công an", MemberRole.MEMBER),
    ("Phòng Văn hóa và Thông tin {name}", "Phó Trưởng phòng", MemberRole.MEMBER),
    ("Hội Nông dân {name}", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ {name}", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Đoàn Thanh niên {name}", "Bí thư", MemberRole.MEMBER),
    ("Hội Cựu chiến binh {name}", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Trung tâm Văn hóa - Thông tin - Thể thao {name}", "Phó Giám đốc", MemberRole.SECRETARY),
]

COMMUNE_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam {name}", "Chủ tịch Ủy ban MTTQ", MemberRole.HEAD),
    ("Ủy ban nhân dân {name}", "Phó Chủ tịch UBND", MemberRole.STANDING_DEPUTY),
    ("Công an {name}", "Trưởng Công an", MemberRole.MEMBER),
    ("Hội Nông dân {name}", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ {name}", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Đoàn Thanh niên {name}", "Bí thư", MemberRole.SECRETARY),
]


class _Names:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            name = f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
            if name not in self.used:
                self.used.add(name)
                return name

    def phone(self) -> str:
        return f"09{self.rng.randint(10000000, 99999999)}"


def _short(unit: AdministrativeUnit) -> str:
    """'Huyện Nam Sách' -> 'huyện Nam Sách' for use inside an agency name."""
    return unit.name[0].lower() + unit.name[1:]


def _person(names: _Names, full_name: str | None = None) -> Person:
    full_name = full_name or names.next()
    person = Person.objects.filter(search_name=fold(full_name)).first()
    if person is None:
        person = Person.objects.create(full_name=full_name, phone=names.phone(), search_name=fold(full_name))
    return person


def _committee(
    unit: AdministrativeUnit, names: _Names, members, *, formed: datetime.date, decision_no: str
) -> Committee:
    name = f"Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” {_short(unit)}"
    committee, created = Committee.objects.get_or_create(unit=unit, cycle=CYCLE, defaults={"name": name})
    if not created:
        return committee
    decision = CommitteeDecision.objects.create(
        committee=committee,
        kind=CommitteeDecision.Kind.FORMATION,
        number=decision_no,
        date=formed,
        signer=names.next(),
        summary="Thành lập Ban Chỉ đạo Cuộc vận động nhiệm kỳ 2019-2024.",
    )
    for agency_name, position, role in members:
        agency, _ = Agency.objects.get_or_create(
            unit=unit,
            name=agency_name.format(name=_short(unit)),
            defaults={"search_name": fold(agency_name.format(name=_short(unit)))},
        )
        Membership.objects.create(
            committee=committee,
            person=_person(names),
            role=role,
            position=position,
            agency=agency,
            start_date=formed,
            decision=decision,
        )
    return committee


def _user(username: str, *, unit: AdministrativeUnit, role: str | None, first: str, last: str, superuser=False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first, last_name=last, unit=unit, email=f"{username}@example.vn")
        user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = superuser
        user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@transaction.atomic
def seed(stdout=None) -> dict:
    services.units_import(rows=services.unit_rows_from_package(province_code=PROVINCE_CODE))
    province = AdministrativeUnit.objects.get(code=PROVINCE_CODE)
    district = AdministrativeUnit.objects.get(code=DISTRICT_CODE)
    districts = list(province.children.order_by("code"))
    communes = list(district.children.order_by("code"))

    DocumentIssuer.objects.get_or_create(
        unit=province,
        defaults={
            "parent_body": "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG",
            "issuing_body": "BAN THƯỜNG TRỰC",
            "code": "MT",
            "place_name": "Hải Dương",
            "signer_authority": "TM. BAN THƯỜNG TRỰC",
            "signer_title": "PHÓ CHỦ TỊCH",
            "signer_name": "Lê Văn Cần",
        },
    )
    for unit in [*districts, *communes[:5]]:
        services.issuer_for_unit(unit=unit)

    names = _Names(2021)
    for agency_name, short, _position, _role in PROVINCE_MEMBERS:
        Agency.objects.get_or_create(
            unit=province,
            name=agency_name,
            defaults={"short_name": short, "search_name": fold(agency_name), "must_report": _role != MemberRole.HEAD},
        )
    committee = Committee.objects.filter(unit=province, cycle=CYCLE).first()
    if committee is None:
        committee = _committee(
            province,
            names,
            [(a, pos, role) for a, _s, pos, role in PROVINCE_MEMBERS],
            formed=datetime.date(2020, 3, 16),
            decision_no="125/QĐ-MT",
        )
        # The 2021 re-forming ("kiện toàn"): the Director of Industry and Trade changed job.
        reform = CommitteeDecision.objects.create(
            committee=committee,
            kind=CommitteeDecision.Kind.REFORMATION,
            number="47/QĐ-MT",
            date=datetime.date(2021, 5, 20),
            signer="Lê Văn Cần",
            summary="Kiện toàn Ban Chỉ đạo do thay đổi nhân sự tại Sở Công Thương.",
        )
        old = Membership.objects.get(committee=committee, role=MemberRole.STANDING_DEPUTY, end_date__isnull=True)
        services.membership_replace(membership=old, person=_person(names), date=reform.date, decision=reform)
    for i, unit in enumerate(districts):
        _committee(unit, names, DISTRICT_MEMBERS, formed=datetime.date(2020, 4, 1 + i), decision_no=f"{30 + i}/QĐ-MT")
    for i, unit in enumerate(communes[:5]):
        _committee(unit, names, COMMUNE_MEMBERS, formed=datetime.date(2020, 5, 4 + i), decision_no=f"{12 + i}/QĐ-MT")

    # Each district and commune signs as its MTTQ chair: the head of its committee.
    heads = Membership.objects.filter(
        committee__unit__in=[*districts, *communes[:5]], role=MemberRole.HEAD, end_date__isnull=True
    ).select_related("person", "committee")
    signers = {m.committee.unit_id: m.person.full_name for m in heads}
    for issuer in DocumentIssuer.objects.filter(unit_id__in=list(signers), signer_name=""):
        issuer.signer_title = "CHỦ TỊCH"
        issuer.signer_name = signers[issuer.unit_id]
        issuer.save(update_fields=["signer_title", "signer_name"])

    inspector = _user("inspector", unit=province, role=Role.INSPECTOR, first="Thanh", last="Phạm")
    inspector_person = (
        Membership.objects.filter(committee=committee, agency__short_name="QLTT").select_related("person").first()
    )
    if (
        inspector_person
        and inspector_person.person.user_id is None
        and not Person.objects.filter(user=inspector).exists()
    ):
        inspector_person.person.user = inspector
        inspector_person.person.save(update_fields=["user"])
    accounts = {
        "province": _user("province", unit=province, role=Role.PROVINCIAL_OFFICE, first="Hương", last="Nguyễn"),
        "district": _user("district", unit=district, role=Role.UNIT_STAFF, first="Dũng", last="Trần"),
        "commune": _user("commune", unit=communes[0], role=Role.UNIT_STAFF, first="Lan", last="Vũ"),
        "inspector": inspector,
        "viewer": _user("viewer", unit=province, role=Role.VIEWER, first="Minh", last="Đỗ"),
        "admin": _user("admin", unit=province, role=None, first="Quản trị", last="", superuser=True),
    }
    return {"province": province, "district": district, "communes": communes, "accounts": accounts}
