"""Demo data for the foundation: Hải Dương's units, committees, agencies, members and the demo accounts.

Idempotent: everything is keyed on natural keys (unit code, committee cycle, agency name, username), so a
second run finds what the first made. Deterministic: names come from a seeded generator.

Every member agency has its kind (which indicators it reports, steering/data/agency-kinds.csv) and its `order`, its
place in the committee's member list; an agency made before kinds existed gets them on the next run.
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
DEFAULT_ORDER = Agency._meta.get_field("order").default
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

# (agency, short name, kind, member's position, role) of the provincial committee, as DOMAIN.md lists them. The
# list is the committee's own order: an agency's `order` is its place in it (the Front's committee first).
PROVINCE_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ tỉnh", "mttq", "Chủ tịch Ủy ban MTTQ tỉnh", MemberRole.HEAD),
    ("Sở Công Thương", "SCT", "cong_thuong", "Giám đốc Sở", MemberRole.STANDING_DEPUTY),
    ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ tỉnh", "mttq", "Phó Chủ tịch Ủy ban MTTQ tỉnh", MemberRole.DEPUTY),
    ("Ban Tuyên giáo Tỉnh ủy", "BTG", "tuyen_giao", "Phó Trưởng ban", MemberRole.MEMBER),
    ("Cục Quản lý thị trường tỉnh", "QLTT", "qltt", "Phó Cục trưởng", MemberRole.MEMBER),
    ("Sở Thông tin và Truyền thông", "STTTT", "thong_tin", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN", "nong_nghiep", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Khoa học và Công nghệ", "SKHCN", "khcn", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Y tế", "SYT", "y_te", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Tài chính", "STC", "tai_chinh", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", "tai_chinh", "Phó Giám đốc Sở", MemberRole.MEMBER),
    ("Công an tỉnh", "CA tỉnh", "cong_an", "Phó Giám đốc Công an tỉnh", MemberRole.MEMBER),
    ("Liên đoàn Lao động tỉnh", "LĐLĐ", "doan_the", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Hội Nông dân tỉnh", "HND", "doan_the", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ tỉnh", "HLHPN", "doan_the", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Tỉnh đoàn", "Tỉnh đoàn", "doan_the", "Phó Bí thư", MemberRole.MEMBER),
    ("Hội Cựu chiến binh tỉnh", "HCCB", "doan_the", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Liên minh Hợp tác xã tỉnh", "LMHTX", "hop_tac_xa", "Phó Chủ tịch", MemberRole.MEMBER),
    ("Hội Bảo vệ người tiêu dùng tỉnh", "Hội BVNTD", "bao_ve_ntd", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Báo Hải Dương", "Báo HD", "bao_chi", "Phó Tổng Biên tập", MemberRole.MEMBER),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", "bao_chi", "Phó Giám đốc", MemberRole.MEMBER),
    ("Ban Phong trào, Ủy ban MTTQ tỉnh", "Ban Phong trào", "mttq", "Trưởng ban Phong trào", MemberRole.SECRETARY),
]

# (agency, kind, member's position, role) of a district's and a commune's committee, in the committee's order.
DISTRICT_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam {name}", "mttq", "Chủ tịch Ủy ban MTTQ", MemberRole.HEAD),
    ("Phòng Kinh tế {name}", "cong_thuong", "Trưởng phòng", MemberRole.STANDING_DEPUTY),
    ("Ủy ban MTTQ Việt Nam {name}", "mttq", "Phó Chủ tịch Ủy ban MTTQ", MemberRole.DEPUTY),
    ("Công an {name}", "cong_an", "Phó Trưởng Công an", MemberRole.MEMBER),
    ("Phòng Văn hóa và Thông tin {name}", "thong_tin", "Phó Trưởng phòng", MemberRole.MEMBER),
    ("Hội Nông dân {name}", "doan_the", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ {name}", "doan_the", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Đoàn Thanh niên {name}", "doan_the", "Bí thư", MemberRole.MEMBER),
    ("Hội Cựu chiến binh {name}", "doan_the", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Trung tâm Văn hóa - Thông tin - Thể thao {name}", "bao_chi", "Phó Giám đốc", MemberRole.SECRETARY),
]

COMMUNE_MEMBERS = [
    ("Ủy ban MTTQ Việt Nam {name}", "mttq", "Chủ tịch Ủy ban MTTQ", MemberRole.HEAD),
    ("Ủy ban nhân dân {name}", "", "Phó Chủ tịch UBND", MemberRole.STANDING_DEPUTY),  # the commune's government
    ("Công an {name}", "cong_an", "Trưởng Công an", MemberRole.MEMBER),
    ("Hội Nông dân {name}", "doan_the", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Hội Liên hiệp Phụ nữ {name}", "doan_the", "Chủ tịch Hội", MemberRole.MEMBER),
    ("Đoàn Thanh niên {name}", "doan_the", "Bí thư", MemberRole.SECRETARY),
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


def _agencies(unit: AdministrativeUnit, rows) -> dict[str, Agency]:
    """The member agencies of `unit`, by name: `rows` are (name, short name, kind, must report) in the committee's
    order, and an agency's `order` is its place among them (1, 2 …). Idempotent: a missing agency is created, an
    existing one without a kind (or still at the default order) gets it, nothing else is touched."""
    existing = {a.name: a for a in Agency.objects.filter(unit=unit)}
    agencies: dict[str, Agency] = {}
    for name, short, kind, must_report in rows:
        if name in agencies:
            continue
        order = len(agencies) + 1
        agency = existing.get(name)
        if agency is None:
            agency = Agency.objects.create(
                unit=unit,
                name=name,
                short_name=short,
                kind=kind,
                order=order,
                search_name=fold(name),
                must_report=must_report,
            )
        else:
            changed = []
            if kind and not agency.kind:
                agency.kind = kind
                changed.append("kind")
            if agency.order == DEFAULT_ORDER and order != DEFAULT_ORDER:
                agency.order = order
                changed.append("order")
            if changed:
                agency.save(update_fields=changed)
        agencies[name] = agency
    return agencies


def _committee(
    unit: AdministrativeUnit, names: _Names, members, *, formed: datetime.date, decision_no: str, cycle: str = CYCLE
) -> Committee:
    """The unit's committee with its members; `members` are (agency name template, kind, position, role)."""
    agencies = _agencies(
        unit, [(agency.format(name=_short(unit)), "", kind, False) for agency, kind, _pos, _role in members]
    )
    name = f"Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” {_short(unit)}"
    committee, created = Committee.objects.get_or_create(unit=unit, cycle=cycle, defaults={"name": name})
    if not created:
        return committee
    decision = CommitteeDecision.objects.create(
        committee=committee,
        kind=CommitteeDecision.Kind.FORMATION,
        number=decision_no,
        date=formed,
        signer=names.next(),
        summary=f"Thành lập Ban Chỉ đạo Cuộc vận động nhiệm kỳ {cycle}.",
    )
    for agency_name, _kind, position, role in members:
        Membership.objects.create(
            committee=committee,
            person=_person(names),
            role=role,
            position=position,
            agency=agencies[agency_name.format(name=_short(unit))],
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
        committee=None,
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
    # The Front's committee heads the steering committee and does not report to itself; every other member does.
    _agencies(
        province,
        [(name, short, kind, role != MemberRole.HEAD) for name, short, kind, _pos, role in PROVINCE_MEMBERS],
    )
    committee = Committee.objects.filter(unit=province, cycle=CYCLE).first()
    if committee is None:
        committee = _committee(
            province,
            names,
            [(a, kind, pos, role) for a, _s, kind, pos, role in PROVINCE_MEMBERS],
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
    for issuer in DocumentIssuer.objects.filter(unit_id__in=list(signers), committee__isnull=True, signer_name=""):
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
