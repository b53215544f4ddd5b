"""Demo data: businesses across Hải Dương, the provincial committee's 2021 inspection plan, about 60 submitted
inspection records with findings, follow-ups in every state, and planned inspections left for `inspector`.

Idempotent (businesses are keyed on tax codes, the plan on committee + year + title; records are only made when
the plan is new) and deterministic (one seeded generator).
"""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from inspections import services
from inspections.models import Business, BusinessKind, FollowUp, InspectionPlan, OcopProduct, ViolationCategory
from inspections.validators import tax_code_check_digit
from steering.models import AdministrativeUnit, Committee, MemberRole, Membership, User
from steering.text import fold

PLAN_TITLE = "Kiểm tra việc thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm 2021"
BUSINESS_COUNT = 300
INSPECTIONS = 60
UNLOGGED = 6
UUID_NAMESPACE = uuid.UUID("5b1d0c3e-2021-4a00-9000-000000000030")

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân"]
GIVEN = ["Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Hương", "Thắng", "Mai", "Cường", "Nga", "Bình", "Hải", "Yến", "Sơn"]
BRANDS = ["Hồng Phát", "Minh Anh", "Thành Đạt", "Hải Hà", "Phúc Lộc", "An Khang", "Tân Tiến", "Việt Hưng", "Đại Phát"]
PRODUCTS = [
    ("Bánh đậu xanh", "Sản xuất bánh đậu xanh"),
    ("Vải thiều sấy khô", "Chế biến nông sản"),
    ("Bánh gai", "Sản xuất bánh gai"),
    ("Gốm Chu Đậu", "Sản xuất gốm sứ"),
    ("Chả rươi", "Chế biến thực phẩm"),
    ("Mật ong hoa vải", "Nuôi ong, chế biến mật ong"),
    ("Gạo nếp cái hoa vàng", "Sản xuất, chế biến gạo"),
    ("Tỏi cô đơn", "Trồng và sơ chế tỏi"),
    ("Gừng Kinh Môn", "Trồng và chế biến gừng"),
    ("Nước mắm cá", "Sản xuất nước mắm"),
    ("Bánh đa", "Sản xuất bánh đa"),
    ("Rượu nếp", "Sản xuất rượu thủ công"),
]
# Goods found per violation category: what an inspection team writes in its record.
GOODS = {
    "counterfeit": ["Dầu gội đầu giả nhãn hiệu", "Bột giặt giả nhãn hiệu", "Rượu ngoại giả"],
    "ip_infringing": ["Giày thể thao nhái nhãn hiệu", "Quần áo nhái thương hiệu", "Tai nghe nhái"],
    "substandard": ["Phân bón không đạt hàm lượng công bố", "Mũ bảo hiểm không đạt chuẩn"],
    "unknown_origin": ["Bánh kẹo không rõ nguồn gốc", "Mỹ phẩm không có hóa đơn", "Đồ chơi trẻ em không nhãn"],
    "smuggled": ["Thuốc lá điếu nhập lậu", "Đường cát nhập lậu"],
    "labelling": ["Nước giải khát thiếu nhãn phụ tiếng Việt", "Thực phẩm chức năng ghi nhãn sai"],
    "price_posting": ["Hàng tiêu dùng không niêm yết giá", "Niêm yết giá không rõ ràng"],
    "expired": ["Sữa hộp quá hạn sử dụng", "Bánh quy hết hạn"],
    "food_safety": ["Thịt lợn không có giấy kiểm dịch"],
}
CATEGORY_WEIGHTS = [
    ("labelling", 8),
    ("price_posting", 8),
    ("unknown_origin", 7),
    ("expired", 5),
    ("counterfeit", 3),
    ("ip_infringing", 3),
    ("substandard", 2),
    ("smuggled", 2),
    ("food_safety", 2),
]
UNITS = ["chai", "gói", "hộp", "kg", "đôi", "cái"]


def _tax_code(n: int) -> str:
    """A valid Hải Dương-style tax code (prefix 08) for the n-th demo business."""
    while True:
        first_nine = f"08{(n * 7919) % 10_000_000:07d}"
        digit = tax_code_check_digit(first_nine)
        if digit is not None and first_nine[2:] != "0000000":
            return f"{first_nine}{digit}"
        n += 10_000


def _address_team(team: list[Membership]) -> None:
    """How the biên bản addresses the team (the demo's people have no form of address): "Bà" for a "Thị" middle
    name, "Ông" for "Văn"; anyone else stays unknown and prints "Ông/Bà"."""
    for membership in team:
        person = membership.person
        words = person.full_name.split()
        guess = "Bà" if "Thị" in words[1:-1] else "Ông" if "Văn" in words[1:-1] else ""
        if guess and not person.form_of_address:
            person.form_of_address = guess
            person.save(update_fields=["form_of_address"])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _business_rows(rng: random.Random, communes: list[AdministrativeUnit]) -> list[dict]:
    kinds = [
        (BusinessKind.HOUSEHOLD, 30),
        (BusinessKind.SHOP, 22),
        (BusinessKind.MARKET_STALL, 18),
        (BusinessKind.ENTERPRISE, 14),
        (BusinessKind.PRODUCER, 10),
        (BusinessKind.COOPERATIVE, 6),
    ]
    rows = []
    for n in range(BUSINESS_COUNT):
        commune = communes[(n * 37) % len(communes)]
        place = commune.name.split(" ", 1)[-1].replace("Thị trấn ", "")
        kind = rng.choices([k for k, _w in kinds], weights=[w for _k, w in kinds])[0]
        owner = _person(rng)
        product, line = rng.choice(PRODUCTS)
        name = {
            BusinessKind.HOUSEHOLD: f"Hộ kinh doanh {owner}",
            BusinessKind.SHOP: f"{rng.choice(['Siêu thị mini', 'Cửa hàng tạp hóa', 'Cửa hàng tiện lợi'])} "
            f"{rng.choice(BRANDS)}",
            BusinessKind.MARKET_STALL: f"Quầy hàng {owner} – chợ {place}",
            BusinessKind.ENTERPRISE: f"Công ty TNHH {rng.choice(BRANDS)} {place}",
            BusinessKind.PRODUCER: f"Cơ sở sản xuất {product.lower()} {owner}",
            BusinessKind.COOPERATIVE: f"Hợp tác xã {product.lower()} {place}",
        }[kind]
        line_of_business = (
            line
            if kind in (BusinessKind.PRODUCER, BusinessKind.COOPERATIVE)
            else rng.choice(
                [
                    "Bán lẻ hàng tiêu dùng",
                    "Bán lẻ thực phẩm",
                    "Kinh doanh tạp hóa",
                    "Bán buôn đồ uống",
                    "Bán lẻ mỹ phẩm",
                ]
            )
        )
        rows.append(
            {
                "commune": commune,
                "name": f"{name} ({n + 1})" if kind == BusinessKind.SHOP else name,
                "kind": kind,
                "tax_code": _tax_code(n + 1),
                "address": f"Số {rng.randint(1, 250)}, thôn {rng.choice(['Đông', 'Đoài', 'Thượng', 'Hạ', 'Nam'])}",
                "line_of_business": line_of_business,
                "representative": owner,
                "phone": f"09{rng.randint(10000000, 99999999)}",
                "product": product if kind in (BusinessKind.PRODUCER, BusinessKind.COOPERATIVE) else None,
            }
        )
    return rows


def _seed_businesses(rng: random.Random) -> list[Business]:
    province = AdministrativeUnit.objects.get(code="30")
    communes = list(AdministrativeUnit.objects.filter(path__startswith=province.path, level=3).order_by("code"))
    rows = _business_rows(rng, communes)
    existing = set(
        Business.objects.filter(tax_code__in=[r["tax_code"] for r in rows]).values_list("tax_code", flat=True)
    )
    new = [r for r in rows if r["tax_code"] not in existing]
    Business.objects.bulk_create(
        Business(
            **{k: v for k, v in r.items() if k != "product"},
            search_name=fold(r["name"]),
            created_at=timezone.make_aware(datetime.datetime(2021, 1, 4, 8)),
        )
        for r in new
    )
    by_code = {b.tax_code: b for b in Business.objects.filter(tax_code__in=[r["tax_code"] for r in new])}
    products = []
    for i, r in enumerate(new):
        if r["product"] and i % 2 == 0:
            products.append(
                OcopProduct(
                    business=by_code[r["tax_code"]],
                    name=r["product"],
                    stars=rng.choices([3, 4, 5], weights=[6, 3, 1])[0],
                    certified_year=rng.choice([2019, 2020, 2021]),
                )
            )
    OcopProduct.objects.bulk_create(products)
    codes = [r["tax_code"] for r in rows]
    return list(Business.objects.filter(tax_code__in=codes).select_related("commune").order_by("tax_code"))


def _recheck(follow_up: FollowUp, user: User, state: str, rng: random.Random) -> None:
    after = follow_up.due_date + datetime.timedelta(days=rng.randint(1, 10))
    if state == "fixed":
        services.follow_up_recheck(
            follow_up=follow_up, user=user, status="fixed", rechecked_on=after, notes="Cơ sở đã khắc phục."
        )
    elif state == "not_fixed":
        services.follow_up_recheck(
            follow_up=follow_up,
            user=user,
            status="not_fixed",
            rechecked_on=after,
            notes="Cơ sở chưa khắc phục, gia hạn thêm.",
            new_due_date=after + datetime.timedelta(days=20),
        )
    elif state in ("police", "market_surveillance"):
        services.follow_up_recheck(
            follow_up=follow_up,
            user=user,
            status="referred",
            rechecked_on=after,
            referred_to=state,
            referral_number=f"{rng.randint(10, 99)}/CV-BCĐ",
            referral_date=after + datetime.timedelta(days=1),
            notes="Chuyển cơ quan chức năng xử lý theo thẩm quyền.",
        )


@transaction.atomic
def seed(stdout=None) -> dict:
    rng = random.Random(2021_05)
    businesses = _seed_businesses(rng)
    committee = Committee.objects.filter(unit__code="30").order_by("-cycle").first()
    inspector = User.objects.filter(username="inspector").first()
    if committee is None or inspector is None:
        return {"businesses": len(businesses)}
    plan = InspectionPlan.objects.filter(committee=committee, year=2021, title=PLAN_TITLE).first()
    if plan is not None:
        if stdout:
            stdout.write("  inspections: the 2021 plan exists; nothing to add")
        return {"businesses": len(businesses), "plan": plan}

    active = Membership.objects.filter(committee=committee, end_date__isnull=True).select_related("person", "agency")
    lead = active.filter(role=MemberRole.STANDING_DEPUTY).first() or active.first()
    inspector_membership = active.filter(person__user=inspector).first()
    others = [m for m in active if m.agency and m.agency.short_name in ("SYT", "SKHCN", "Hội BVNTD", "LĐLĐ")]
    team = [m for m in [lead, inspector_membership, *others] if m is not None]
    team = list(dict.fromkeys(team))
    _address_team(team)
    plan = services.plan_save(
        committee=committee,
        year=2021,
        title=PLAN_TITLE,
        issued_on=datetime.date(2021, 5, 5),
        decision_number="52/QĐ-BCĐ",
        decision_date=datetime.date(2021, 5, 4),
        purpose=(
            "Kiểm tra, giám sát việc thực hiện Cuộc vận động tại các cơ sở sản xuất, kinh doanh trên địa bàn tỉnh; "
            "phối hợp với Sở Công Thương và Cục Quản lý thị trường phát hiện, kiến nghị xử lý hàng giả, hàng kém "
            "chất lượng, hàng không rõ nguồn gốc xuất xứ."
        ),
        team=team,
        lead=lead,
    )
    services.plan_issue(
        plan=plan, user=None, at=datetime.datetime(2021, 5, 5, 9, tzinfo=timezone.get_current_timezone())
    )
    plan.refresh_from_db()
    chosen = rng.sample(businesses, INSPECTIONS + UNLOGGED)
    start = datetime.date(2021, 5, 10)
    targets = []
    for i, business in enumerate(chosen):
        day = start + datetime.timedelta(days=(i * 3) % 200)
        targets.append(services.plan_target_add(plan=plan, business=business, scheduled_on=day))
    categories = {c.code: c for c in ViolationCategory.objects.all()}
    states = ["fixed", "fixed", "not_fixed", "police", "market_surveillance", "open"]
    tz = timezone.get_current_timezone()
    submitted = 0
    for i, target in enumerate(targets[:INSPECTIONS]):
        when = datetime.datetime.combine(target.scheduled_on, datetime.time(8 + i % 8, 30), tzinfo=tz)
        findings = []
        for _n in range(rng.choices([0, 1, 2, 3], weights=[4, 4, 2, 1])[0]):
            code = rng.choices([c for c, _w in CATEGORY_WEIGHTS], weights=[w for _c, w in CATEGORY_WEIGHTS])[0]
            quantity = Decimal(rng.randint(2, 120))
            findings.append(
                services.FindingInput(
                    category=categories[code],
                    goods=rng.choice(GOODS[code]),
                    quantity=quantity,
                    quantity_unit=rng.choice(UNITS),
                    estimated_value=quantity * rng.choice([15_000, 35_000, 60_000, 120_000]),
                    description="Đoàn kiểm tra phát hiện tại quầy bán hàng.",
                    recommendation="Dừng bán, bổ sung chứng từ và khắc phục theo quy định.",
                    fix_deadline=when.date() + datetime.timedelta(days=rng.choice([15, 20, 30])),
                )
            )
        members = [lead, *rng.sample(team[1:], k=min(2, len(team) - 1))]
        # Draws in the order they always were (the demo's figures stay as they were).
        promotes, share, complaints = rng.random() < 0.8, Decimal(rng.randint(62, 98)), rng.random()
        # Each item checked, found in order unless a finding says otherwise; complaints are often not checked.
        checked = {
            "promotes_campaign": promotes,
            "invoices_ok": not any(f.category.code in ("unknown_origin", "smuggled") for f in findings),
            "labels_ok": not any(f.category.code == "labelling" for f in findings),
            "price_posting_ok": not any(f.category.code == "price_posting" for f in findings),
            "quality_ok": not any(f.category.code in ("expired", "substandard", "food_safety") for f in findings),
            "complaints_ok": True if complaints < 0.6 else None if complaints < 0.9 else False,
        }
        inspection = services.inspection_save(
            client_uuid=uuid.uuid5(UUID_NAMESPACE, f"inspection-{i}"),
            plan=plan,
            user=inspector,
            business=target.business,
            inspected_at=when,
            ended_at=when + datetime.timedelta(minutes=45 + 15 * (i % 5)),
            team=list(dict.fromkeys(members)),
            lead=lead,
            business_present=target.business.representative,
            vn_goods_share=share,
            **checked,
            conclusion="Cơ sở cơ bản chấp hành tốt." if not findings else "Cơ sở còn một số tồn tại cần khắc phục.",
            business_comments="Cơ sở nhất trí với kết quả kiểm tra và cam kết khắc phục.",
            findings=findings,
            target=target,
        )
        services.inspection_submit(inspection=inspection, user=inspector, at=when + datetime.timedelta(hours=2))
        submitted += 1
    follow_ups = list(FollowUp.objects.filter(finding__inspection__plan=plan).select_related("finding__inspection"))
    for n, follow_up in enumerate(follow_ups):
        _recheck(follow_up, inspector, states[n % len(states)], rng)
    if stdout:
        stdout.write(
            f"  inspections: {len(businesses)} businesses, plan {plan.number}, {submitted} records, "
            f"{len(follow_ups)} follow-ups, {UNLOGGED} planned for inspector"
        )
    return {"businesses": len(businesses), "plan": plan}
