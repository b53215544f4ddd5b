"""Writes: the business registry and its import, plans, inspection records, photos, submission and follow-ups.

Every rule a form checks is checked here again (a script or a retried request does not go through the form),
and each write is one transaction. Saving and submitting an inspection are idempotent on the form's UUID.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid as uuid_lib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import (
    Business,
    BusinessKind,
    Finding,
    FollowUp,
    Inspection,
    InspectionDraft,
    InspectionPhoto,
    InspectionPlan,
    OcopProduct,
    PlanTarget,
    TeamMember,
    ViolationCategory,
)
from inspections.validators import validate_tax_code
from steering.models import AdministrativeUnit, Committee, Membership
from steering.services import issuer_for_committee
from steering.text import fold

logger = logging.getLogger(__name__)
# --- businesses ---------------------------------------------------------------------------------------------


def _clean_tax_code(tax_code: str, *, exclude_pk: int | None = None) -> str:
    tax_code = (tax_code or "").strip()
    if not tax_code:
        return ""
    try:
        tax_code = validate_tax_code(tax_code)
    except ValidationError as exc:
        raise ValidationError({"tax_code": exc.messages}) from exc
    clash = Business.objects.filter(tax_code=tax_code).exclude(pk=exclude_pk).first()
    if clash is not None:
        raise ValidationError(
            {
                "tax_code": _("The tax code %(code)s is already registered for %(name)s.")
                % {"code": tax_code, "name": clash}
            }
        )
    return tax_code


def _check_commune(commune: AdministrativeUnit) -> None:
    if commune.children.exists():
        raise ValidationError({"commune": _("Choose a commune, ward or township, not a district or province.")})


def _check_ocop(products: Sequence[dict]) -> None:
    this_year = timezone.localdate().year
    for product in products:
        if not (product.get("name") or "").strip():
            raise ValidationError({"ocop_products": _("Each OCOP product needs a name.")})
        if product.get("stars") not in (3, 4, 5):
            raise ValidationError({"ocop_products": _("An OCOP rating is 3, 4 or 5 stars.")})
        year = product.get("certified_year")
        if not isinstance(year, int) or not 2018 <= year <= this_year:
            raise ValidationError(
                {"ocop_products": _("The certification year must be between 2018 and %(year)s.") % {"year": this_year}}
            )


@transaction.atomic
def business_save(
    *,
    business: Business | None = None,
    commune: AdministrativeUnit,
    name: str,
    kind: str,
    address: str,
    tax_code: str = "",
    line_of_business: str = "",
    representative: str = "",
    representative_title: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    ocop_products: Sequence[dict] | None = None,
) -> Business:
    """Create (business=None) or update a business; `ocop_products` (when given) replaces its OCOP list."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("The name cannot be empty.")})
    if kind not in BusinessKind.values:
        raise ValidationError({"kind": _("Choose a kind of business.")})
    if not (address or "").strip():
        raise ValidationError({"address": _("The address cannot be empty.")})
    _check_commune(commune)
    tax_code = _clean_tax_code(tax_code, exclude_pk=business.pk if business else None)
    if ocop_products is not None:
        _check_ocop(ocop_products)
    values = {
        "commune": commune,
        "name": name,
        "search_name": fold(name),
        "kind": kind,
        "address": address.strip(),
        "tax_code": tax_code,
        "line_of_business": line_of_business.strip(),
        "representative": representative.strip(),
        "representative_title": representative_title.strip(),
        "phone": phone.strip(),
        "email": email.strip(),
        "is_active": is_active,
    }
    if business is None:
        business = Business.objects.create(**values)
    else:
        for key, value in values.items():
            setattr(business, key, value)
        business.save()
    if ocop_products is not None:
        business.ocop_products.all().delete()
        OcopProduct.objects.bulk_create(
            OcopProduct(business=business, name=p["name"].strip(), stars=p["stars"], certified_year=p["certified_year"])
            for p in ocop_products
        )
    return business


# --- business import ----------------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    # header (as in the template file), field, required
    ("ten_co_so", "name", True),
    ("loai_hinh", "kind", True),
    ("ma_so_thue", "tax_code", False),
    ("dia_chi", "address", True),
    ("ma_xa", "commune", True),
    ("nganh_nghe", "line_of_business", False),
    ("nguoi_dai_dien", "representative", False),
    ("dien_thoai", "phone", False),
    ("email", "email", False),
    ("san_pham_ocop", "ocop_name", False),
    ("so_sao_ocop", "ocop_stars", False),
    ("nam_cong_nhan_ocop", "ocop_year", False),
]

_KIND_WORDS = {
    "doanh nghiep": BusinessKind.ENTERPRISE,
    "cong ty": BusinessKind.ENTERPRISE,
    "hop tac xa": BusinessKind.COOPERATIVE,
    "htx": BusinessKind.COOPERATIVE,
    "ho kinh doanh": BusinessKind.HOUSEHOLD,
    "quay cho": BusinessKind.MARKET_STALL,
    "sap cho": BusinessKind.MARKET_STALL,
    "sieu thi": BusinessKind.SHOP,
    "cua hang": BusinessKind.SHOP,
    "co so san xuat": BusinessKind.PRODUCER,
    "san xuat": BusinessKind.PRODUCER,
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class BusinessImportError(Exception):
    """The file has bad rows; nothing was imported. `errors` lists every one (row, column, reason)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


@dataclass
class _ParsedRow:
    number: int
    values: dict = field(default_factory=dict)


def business_rows_from_xlsx(content) -> list[_ParsedRow]:
    """Read the first sheet: row 1 holds the headers (IMPORT_COLUMNS, any order), data from row 2."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(content, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise BusinessImportError([RowError(1, "-", _("the file is not an Excel (.xlsx) workbook"))]) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise BusinessImportError([RowError(1, "-", _("the sheet is empty"))])
    names = [fold(str(h or "")).replace(" ", "_") for h in header]
    known = {h for h, _f, _r in IMPORT_COLUMNS}
    missing = [h for h, _f, required in IMPORT_COLUMNS if required and h not in names]
    if missing:
        raise BusinessImportError([RowError(1, h, _("this column is missing from the header row")) for h in missing])
    parsed: list[_ParsedRow] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = _ParsedRow(number)
        for index, header_name in enumerate(names):
            if header_name in known and index < len(values):
                value = values[index]
                row.values[header_name] = "" if value is None else str(value).strip()
        parsed.append(row)
    workbook.close()
    return parsed


def _kind_labels() -> dict[str, str]:
    """Every way a kind is written: its code and its label in Vietnamese and in English, folded -> kind."""
    from django.utils import translation

    labels = {fold(kind): kind for kind in BusinessKind.values}
    for language in ("vi", "en"):
        with translation.override(language):
            labels.update({fold(str(label)): kind for kind, label in BusinessKind.choices})
    return labels


def kind_choices_text() -> str:
    """The kinds an import accepts, as the form shows them ("Doanh nghiệp, Hợp tác xã, …")."""
    from django.utils import translation

    with translation.override("vi"):
        return ", ".join(str(label) for _kind, label in BusinessKind.choices)


def _parse_kind(value: str) -> str | None:
    folded = fold(value)
    kind = _kind_labels().get(folded)
    if kind is not None:
        return kind
    for word, kind in _KIND_WORDS.items():
        if word in folded:
            return kind
    return None


@transaction.atomic
def businesses_import(*, rows: Iterable[_ParsedRow], scope_unit: AdministrativeUnit | None) -> dict[str, int]:
    """Create or update (by tax code) businesses from parsed rows. All or nothing.

    Every row is checked first; if any is bad, BusinessImportError lists all bad rows and nothing is written.
    `scope_unit` limits the communes a file may name (None: any).
    """
    rows = list(rows)
    errors: list[RowError] = []
    codes = {r.values.get("ma_xa", "") for r in rows}
    communes = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes, children__isnull=True)}
    tax_codes_in_file: dict[str, int] = {}
    clean_rows: list[tuple[_ParsedRow, dict, dict | None]] = []
    this_year = timezone.localdate().year
    if not rows:
        raise BusinessImportError([RowError(2, "-", _("the file has no data rows"))])
    for row in rows:
        v = row.values
        row_errors: list[RowError] = []
        for header, _f, required in IMPORT_COLUMNS:
            if required and not v.get(header):
                row_errors.append(RowError(row.number, header, _("this value is required")))
        kind = _parse_kind(v.get("loai_hinh", "")) if v.get("loai_hinh") else None
        if v.get("loai_hinh") and kind is None:
            row_errors.append(
                RowError(
                    row.number,
                    "loai_hinh",
                    _("unknown kind of business; use one of: %(kinds)s") % {"kinds": kind_choices_text()},
                )
            )
        commune = communes.get(v.get("ma_xa", ""))
        if v.get("ma_xa") and commune is None:
            row_errors.append(RowError(row.number, "ma_xa", _("no commune has this code")))
        elif commune is not None and scope_unit is not None and not commune.path.startswith(scope_unit.path):
            row_errors.append(RowError(row.number, "ma_xa", _("this commune is outside your unit")))
        tax_code = ""
        if v.get("ma_so_thue"):
            try:
                tax_code = validate_tax_code(v["ma_so_thue"])
            except ValidationError as exc:
                row_errors.append(RowError(row.number, "ma_so_thue", exc.messages[0]))
            else:
                if tax_code in tax_codes_in_file:
                    row_errors.append(
                        RowError(
                            row.number,
                            "ma_so_thue",
                            _("the same tax code is on row %(row)s") % {"row": tax_codes_in_file[tax_code]},
                        )
                    )
                tax_codes_in_file.setdefault(tax_code, row.number)
        ocop = None
        if v.get("san_pham_ocop") or v.get("so_sao_ocop"):
            try:
                stars = int(float(v.get("so_sao_ocop") or 0))
                year = int(float(v.get("nam_cong_nhan_ocop") or 0))
            except ValueError:
                stars, year = 0, 0
            if stars not in (3, 4, 5):
                row_errors.append(RowError(row.number, "so_sao_ocop", _("an OCOP rating is 3, 4 or 5 stars")))
            if not 2018 <= year <= this_year:
                row_errors.append(
                    RowError(row.number, "nam_cong_nhan_ocop", _("a year between 2018 and %(y)s") % {"y": this_year})
                )
            if not v.get("san_pham_ocop"):
                row_errors.append(RowError(row.number, "san_pham_ocop", _("the OCOP product needs a name")))
            ocop = {"name": v.get("san_pham_ocop", ""), "stars": stars, "certified_year": year}
        if row_errors:
            errors.extend(row_errors)
            continue
        clean_rows.append(
            (
                row,
                {
                    "commune": commune,
                    "name": v["ten_co_so"],
                    "kind": kind,
                    "address": v["dia_chi"],
                    "tax_code": tax_code,
                    "line_of_business": v.get("nganh_nghe", ""),
                    "representative": v.get("nguoi_dai_dien", ""),
                    "phone": v.get("dien_thoai", ""),
                    "email": v.get("email", ""),
                },
                ocop,
            )
        )
    if errors:
        raise BusinessImportError(errors)

    existing = {b.tax_code: b for b in Business.objects.filter(tax_code__in=list(tax_codes_in_file))}
    created = updated = 0
    for row, values, ocop in clean_rows:
        business = existing.get(values["tax_code"]) if values["tax_code"] else None
        products = None
        if ocop is not None:
            current = list(business.ocop_products.values("name", "stars", "certified_year")) if business else []
            products = [p for p in current if p["name"] != ocop["name"]] + [ocop]
        try:
            with transaction.atomic():
                business_save(business=business, ocop_products=products, **values)
        except ValidationError as exc:
            field_name, messages = next(iter(exc.message_dict.items()))
            errors.append(RowError(row.number, field_name, messages[0]))
            continue
        if business is None:
            created += 1
        else:
            updated += 1
    if errors:
        raise BusinessImportError(errors)
    return {"created": created, "updated": updated}


# --- plans --------------------------------------------------------------------------------------------------


def _check_team(committee: Committee, team: Sequence[Membership], lead: Membership | None) -> None:
    if not team:
        raise ValidationError({"team": _("Choose at least one team member.")})
    for membership in team:
        if membership.committee_id != committee.pk:
            raise ValidationError({"team": _("Team members must be members of the committee.")})
    if lead is not None and lead not in team:
        raise ValidationError({"lead": _("The team lead must be one of the team members.")})


@transaction.atomic
def plan_save(
    *,
    plan: InspectionPlan | None = None,
    committee: Committee,
    year: int,
    title: str,
    issued_on: datetime.date,
    decision_number: str,
    decision_date: datetime.date,
    purpose: str = "",
    team: Sequence[Membership],
    lead: Membership | None,
    user=None,
) -> InspectionPlan:
    """Create a plan (a draft: it gets its number when the committee issues it, plan_issue) or update one; the
    team is replaced. An issued plan no longer changes (only its list of businesses grows)."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a valid year.")})
    if decision_date > issued_on:
        raise ValidationError({"decision_date": _("The deciding document cannot be dated after the plan.")})
    _check_team(committee, team, lead)
    values = {
        "year": year,
        "title": title.strip(),
        "issued_on": issued_on,
        "decision_number": decision_number.strip(),
        "decision_date": decision_date,
        "purpose": purpose.strip(),
    }
    if plan is not None:
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan is not None and plan.number:
        raise ValidationError(
            _("The plan was issued as number %(number)s and can no longer change.") % {"number": plan.number}
        )
    if plan is None:
        plan = InspectionPlan.objects.create(committee=committee, created_by=user, **values)
    else:
        for key, value in values.items():
            setattr(plan, key, value)
        plan.save()
        plan.team.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(plan=plan, membership=m, is_lead=lead is not None and m.pk == lead.pk) for m in team
    )
    return plan


def plan_document(*, plan: InspectionPlan, issuer, on: datetime.date):
    """The inspection plan as a document of `issuer` (a DocumentIssuer, saved or not): its team, its targets with
    their full addresses as of `on`, and the committee's own "Nơi nhận" when it has set one."""
    from campaign_portal.documents.content import Issuer
    from inspections import documents, selectors
    from steering.models import IssuedDocument
    from steering.selectors import recipients_of

    targets = list(selectors.plan_targets(plan=plan))
    return documents.plan_document(
        plan=plan,
        issuer=Issuer.of(issuer),
        team=list(selectors.plan_team(plan=plan)),
        targets=targets,
        addresses=selectors.business_addresses(businesses=[t.business for t in targets], on=on),
        recipients=recipients_of(
            issuer=issuer, kind=IssuedDocument.Kind.INSPECTION_PLAN, default=documents.PLAN_RECIPIENTS
        ),
    )


def plan_source(plan: InspectionPlan) -> str:
    return f"inspection-plan:{plan.pk}"


@transaction.atomic
def plan_issue(*, plan: InspectionPlan, user, at: datetime.datetime | None = None):
    """The committee issues its inspection plan as itself: the next number of the committee's register, dated
    today (`at` only records history, as the demo does). The plan takes that number and date."""
    from campaign_portal.documents.register import Kind, document_issue

    plan = InspectionPlan.objects.select_for_update(of=("self",)).select_related("committee__unit").get(pk=plan.pk)
    if plan.number:
        raise ValidationError(_("This plan already has the number %(number)s.") % {"number": plan.number})
    day = timezone.localdate(at) if at else timezone.localdate()
    if (plan.committee.ended_on is not None and plan.committee.ended_on < day) or not plan.committee.unit.existed_on(
        day
    ):
        raise ValidationError(_("This committee has ended: it issues no documents."))
    issuer = issuer_for_committee(committee=plan.committee)
    document = plan_document(plan=plan, issuer=issuer, on=day)
    issued = document_issue(
        issuer=issuer,
        kind=Kind.INSPECTION_PLAN,
        source=plan_source(plan),
        document=document,
        filename=f"ke-hoach-kiem-tra-{plan.year}-{plan.pk}",
        by=user,
        at=at,
    )
    plan.number = issued.number
    plan.issued_on = issued.issued_on
    plan.save(update_fields=["number", "issued_on"])
    return issued


@transaction.atomic
def plan_target_add(*, plan: InspectionPlan, business: Business, scheduled_on: datetime.date) -> PlanTarget:
    if not business.commune.path.startswith(plan.committee.unit.path):
        raise ValidationError({"business": _("This business is outside the committee's unit.")})
    if scheduled_on.year != plan.year:
        raise ValidationError(
            {"scheduled_on": _("The date must fall in the plan's year %(year)s.") % {"year": plan.year}}
        )
    if PlanTarget.objects.filter(plan=plan, business=business).exists():
        raise ValidationError({"business": _("This business is already in the plan.")})
    return PlanTarget.objects.create(plan=plan, business=business, scheduled_on=scheduled_on)


@transaction.atomic
def plan_target_remove(*, target: PlanTarget) -> None:
    if Inspection.objects.filter(target=target).exists():
        raise ValidationError(_("This planned inspection has already been logged; it cannot be removed."))
    target.delete()


# --- inspections --------------------------------------------------------------------------------------------


@dataclass
class FindingInput:
    category: ViolationCategory | None
    goods: str
    quantity: Decimal | None = None
    quantity_unit: str = ""
    estimated_value: Decimal | None = None
    description: str = ""
    recommendation: str = ""
    fix_deadline: datetime.date | None = None


def _check_inspection(
    *,
    plan: InspectionPlan,
    business: Business,
    inspected_at: datetime.datetime,
    vn_goods_share: Decimal | None,
    team: Sequence[Membership],
    lead: Membership | None,
    findings: Sequence[FindingInput],
    target: PlanTarget | None,
    ended_at: datetime.datetime | None = None,
    checklist: dict[str, bool | None] | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if timezone.is_naive(inspected_at) or (ended_at is not None and timezone.is_naive(ended_at)):
        raise ValueError("inspected_at and ended_at must be aware")
    for name, value in (checklist or {}).items():
        if value not in (None, True, False):
            raise ValueError(f"{name} must be True, False or None (not checked)")
    if ended_at is not None:
        if ended_at < inspected_at:
            errors.setdefault("ended_at", []).append(_("The inspection cannot end before it starts."))
        elif ended_at > timezone.now():
            errors.setdefault("ended_at", []).append(_("The end time cannot be in the future."))
    if inspected_at > timezone.now():
        errors.setdefault("inspected_at", []).append(_("An inspection cannot be dated in the future."))
    elif inspected_at.astimezone(timezone.get_current_timezone()).year != plan.year:
        errors.setdefault("inspected_at", []).append(
            _("The date must fall in the plan's year %(year)s.") % {"year": plan.year}
        )
    if not business.commune.path.startswith(plan.committee.unit.path):
        errors.setdefault("business", []).append(
            _("This business is outside the area of %(committee)s.") % {"committee": plan.committee.unit}
        )
    if target is not None and (target.plan_id != plan.pk or target.business_id != business.pk):
        errors.setdefault("business", []).append(_("The business does not match the planned inspection."))
    if vn_goods_share is not None and not Decimal(0) <= vn_goods_share <= Decimal(100):
        errors.setdefault("vn_goods_share", []).append(_("Enter a share between 0 and 100."))
    if any(m.committee_id != plan.committee_id for m in team) or (lead and lead.committee_id != plan.committee_id):
        errors.setdefault("team", []).append(_("Team members must be members of the committee."))
    if lead is not None and lead not in team:
        errors.setdefault("lead", []).append(_("The team lead must be one of the team members present."))
    for index, finding in enumerate(findings, start=1):
        prefix = _("Finding %(n)s: ") % {"n": index}
        if finding.category is None:
            errors.setdefault("findings", []).append(prefix + _("choose a violation category."))
        if not finding.goods.strip():
            errors.setdefault("findings", []).append(prefix + _("name the goods concerned."))
        if (finding.quantity is not None and finding.quantity < 0) or (
            finding.estimated_value is not None and finding.estimated_value < 0
        ):
            errors.setdefault("findings", []).append(prefix + _("quantities and values cannot be negative."))
        if finding.fix_deadline is not None and finding.fix_deadline < timezone.localtime(inspected_at).date():
            errors.setdefault("findings", []).append(prefix + _("the deadline for the fix is before the inspection."))
        if finding.fix_deadline is not None and not finding.recommendation.strip():
            errors.setdefault("findings", []).append(prefix + _("a fix with a deadline needs a recommendation."))
    if errors:
        raise ValidationError(errors)


_EXIF_IFD = 0x8769
_EXIF_TAKEN = (0x9003, 0x9004, 0x0132)  # DateTimeOriginal, DateTimeDigitized, DateTime


def _taken_at(upload) -> datetime.datetime | None:
    """When a photo was taken, from the camera's EXIF data (local time, as cameras write it), before the stored
    copy drops all metadata. None when the file says nothing believable."""
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            exif = image.getexif()
            values = [exif.get_ifd(_EXIF_IFD).get(tag) for tag in _EXIF_TAKEN[:2]] + [exif.get(_EXIF_TAKEN[2])]
    except Exception:  # noqa: BLE001 (validate_image judges the file; here a bad header just means "unknown")
        return None
    finally:
        upload.seek(0)
    for value in values:
        try:
            text = str(value).strip().rstrip("\x00")
            moment = datetime.datetime.strptime(text, "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 (local, made aware below)
        except (TypeError, ValueError):
            continue
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
        if datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC) <= moment <= timezone.now() + datetime.timedelta(days=1):
            return moment
    return None


def _store_photos(*, inspection: Inspection, photos: Sequence, user) -> int:
    """Validate, resize and store photos; the same bytes sent again (a retried request) are stored once."""
    from campaign_portal.uploads import validate_image

    known = set(inspection.photos.values_list("source_sha256", flat=True))
    stored = 0
    prepared = []
    for upload in photos:
        upload.seek(0)
        digest = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        if digest in known:
            continue
        try:
            image = validate_image(upload)
        except ValidationError as exc:
            name = getattr(upload, "name", "")
            raise ValidationError({"photos": [f"{name}: {m}" for m in exc.messages]}) from exc
        known.add(digest)
        prepared.append((digest, image, _taken_at(upload)))
    for digest, image, taken_at in prepared:
        photo = InspectionPhoto(inspection=inspection, source_sha256=digest, uploaded_by=user, taken_at=taken_at)
        photo.image.save("photo.jpg", image, save=False)
        photo.save()
        stored += 1
    return stored


@transaction.atomic
def inspection_save(
    *,
    client_uuid: uuid_lib.UUID,
    plan: InspectionPlan,
    user,
    business: Business,
    inspected_at: datetime.datetime,
    ended_at: datetime.datetime | None = None,
    place: str = "",
    team: Sequence[Membership] = (),
    lead: Membership | None = None,
    business_present: str = "",
    promotes_campaign: bool | None = None,
    vn_goods_share: Decimal | None = None,
    invoices_ok: bool | None = None,
    labels_ok: bool | None = None,
    price_posting_ok: bool | None = None,
    quality_ok: bool | None = None,
    complaints_ok: bool | None = None,
    checklist_notes: str = "",
    conclusion: str = "",
    business_comments: str = "",
    findings: Sequence[FindingInput] = (),
    photos: Sequence = (),
    target: PlanTarget | None = None,
) -> Inspection:
    """Create or update the draft record with this UUID. A submitted record is returned unchanged.

    Each checklist item is True (đạt), False (không đạt) or None (không kiểm tra: not checked, never a failure).
    Idempotent: the same request twice (a double click, a retry after a lost answer) leaves one record with the
    same findings, and photos whose bytes were already stored are not stored again.
    """
    existing = Inspection.objects.select_for_update().filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.plan_id != plan.pk:
            raise ValidationError(_("This form belongs to another plan; reload the page."))
        if not existing.is_draft:
            return existing
    checklist = {
        "promotes_campaign": promotes_campaign,
        "invoices_ok": invoices_ok,
        "labels_ok": labels_ok,
        "price_posting_ok": price_posting_ok,
        "quality_ok": quality_ok,
        "complaints_ok": complaints_ok,
    }
    _check_inspection(
        plan=plan,
        business=business,
        inspected_at=inspected_at,
        ended_at=ended_at,
        vn_goods_share=vn_goods_share,
        team=team,
        lead=lead,
        findings=findings,
        target=target,
        checklist=checklist,
    )
    if target is not None:
        taken = Inspection.objects.filter(target=target).exclude(client_uuid=client_uuid).first()
        if taken is not None:
            raise ValidationError({"business": _("This planned inspection has already been logged.")})
    values = {
        "business": business,
        "inspected_at": inspected_at,
        "ended_at": ended_at,
        "place": place.strip() or business.address,
        "lead": lead,
        "business_present": business_present.strip(),
        "vn_goods_share": vn_goods_share,
        **checklist,
        "checklist_notes": checklist_notes.strip(),
        "conclusion": conclusion.strip(),
        "business_comments": business_comments.strip(),
        "target": target,
        "updated_at": timezone.now(),
    }
    if existing is None:
        try:
            with transaction.atomic():
                inspection = Inspection.objects.create(
                    client_uuid=client_uuid, plan=plan, unit=plan.committee.unit, created_by=user, **values
                )
        except IntegrityError:
            # The same UUID was created by a concurrent request a moment ago: update that one instead.
            inspection = Inspection.objects.select_for_update().get(client_uuid=client_uuid)
            if not inspection.is_draft:
                return inspection
    else:
        inspection = existing
    for key, value in values.items():
        setattr(inspection, key, value)
    inspection.save()
    inspection.team.set(team)
    inspection.findings.all().delete()
    Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            category=f.category,
            goods=f.goods.strip(),
            quantity=f.quantity,
            quantity_unit=f.quantity_unit.strip(),
            estimated_value=f.estimated_value,
            description=f.description.strip(),
            recommendation=f.recommendation.strip(),
            fix_deadline=f.fix_deadline,
            order=i,
        )
        for i, f in enumerate(findings)
    )
    _store_photos(inspection=inspection, photos=photos, user=user)
    InspectionDraft.objects.filter(client_uuid=client_uuid).delete()
    return inspection


@transaction.atomic
def inspection_record(*, submit: bool, user, **values) -> Inspection:
    """Save the record (inspection_save's arguments) and, with `submit`, submit it, in one transaction: a submit
    that fails leaves no half-saved draft behind, and two identical requests at once give one record (the client
    UUID is the key) and the same answer to both."""
    inspection = inspection_save(user=user, **values)
    if submit:
        inspection = inspection_submit(inspection=inspection, user=user)
    return inspection


def record_source(inspection: Inspection) -> str:
    return f"inspection:{inspection.pk}"


def _photo_bytes(photos: Sequence[InspectionPhoto]) -> list[tuple[InspectionPhoto, bytes]]:
    """The stored photos' bytes (private storage), in order; a file missing from storage is left out."""
    out = []
    for photo in photos:
        try:
            with photo.image.open("rb") as file:
                out.append((photo, file.read()))
        except (OSError, ValueError):
            logger.warning("inspection photo %s: the file %r cannot be read", photo.pk, photo.image.name)
    return out


def record_document(*, inspection: Inspection, issuer):
    """The biên bản of `inspection` as it stands, issued by `issuer` (a DocumentIssuer): its team, findings, the
    business's full address as of the day, the person who wrote it and its photos (read here, from storage)."""
    from campaign_portal.documents.content import Issuer
    from inspections import documents, selectors

    detail = selectors.inspection_detail(inspection=inspection)
    return documents.inspection_document(
        inspection=inspection,
        issuer=Issuer.of(issuer),
        team=detail["team"],
        findings=detail["findings"],
        address=selectors.business_address(business=inspection.business, on=inspection.inspected_on),
        writer=selectors.record_writer(inspection=inspection, team=detail["team"]),
        photos=_photo_bytes(detail["photos"]),
    )


def _record_issue(*, inspection: Inspection, user):
    """The biên bản is issued when the team submits it, in the committee's own register (…/BB-BCĐ)."""
    from campaign_portal.documents.register import Kind, document_issue

    issuer = issuer_for_committee(committee=inspection.plan.committee)
    document = record_document(inspection=inspection, issuer=issuer)
    return document_issue(
        issuer=issuer,
        kind=Kind.INSPECTION_RECORD,
        source=record_source(inspection),
        document=document,
        filename=f"bien-ban-kiem-tra-{inspection.inspected_on.year}-{inspection.pk}",
        by=user,
        at=inspection.submitted_at,
    )


@transaction.atomic
def inspection_submit(
    *, inspection: Inspection, user, today: datetime.date | None = None, at: datetime.datetime | None = None
) -> Inspection:
    """Number the record as a biên bản, make it read-only and open a follow-up for every finding with a fix.

    Idempotent: submitting a submitted record returns it unchanged (one number, one set of follow-ups).
    """
    inspection = (
        Inspection.objects.select_for_update(of=("self",)).select_related("plan__committee__unit").get(pk=inspection.pk)
    )
    if not inspection.is_draft:
        return inspection
    if inspection.inspected_at > timezone.now():
        raise ValidationError({"inspected_at": _("An inspection cannot be dated in the future.")})
    if inspection.ended_at is not None and inspection.ended_at > timezone.now():
        raise ValidationError({"ended_at": _("The end time cannot be in the future.")})
    team = list(inspection.team.all())
    if not team:
        raise ValidationError({"team": _("Record at least one team member present before submitting.")})
    lead = inspection.lead or team[0]
    inspection.status = Inspection.Status.SUBMITTED
    inspection.submitted_at = at or timezone.now()  # `at` only records history (the demo)
    inspection.submitted_by = user
    inspection.lead = lead
    inspection.number = _record_issue(inspection=inspection, user=user).number
    inspection.updated_at = inspection.submitted_at
    inspection.save()
    FollowUp.objects.bulk_create(
        FollowUp(finding=finding, owner=lead, due_date=finding.fix_deadline, updated_by=user)
        for finding in inspection.findings.filter(fix_deadline__isnull=False)
    )
    return inspection


@transaction.atomic
def inspection_photo_delete(*, photo: InspectionPhoto) -> None:
    inspection = Inspection.objects.select_for_update().get(pk=photo.inspection_id)
    if not inspection.is_draft:
        raise ValidationError(_("The record is submitted; its photos can no longer be removed."))
    photo.image.delete(save=False)
    photo.delete()


@transaction.atomic
def inspection_draft_autosave(*, client_uuid: uuid_lib.UUID, plan: InspectionPlan, user, data: dict) -> str:
    """Keep the raw state of a half-filled form. Returns "saved", or "submitted" if the record is already in."""
    inspection = Inspection.objects.filter(client_uuid=client_uuid).only("status", "plan_id").first()
    if inspection is not None and not inspection.is_draft:
        return "submitted"
    if inspection is not None and inspection.plan_id != plan.pk:
        raise ValidationError(_("This form belongs to another plan; reload the page."))
    draft = InspectionDraft.objects.select_for_update().filter(client_uuid=client_uuid).first()
    if draft is not None and draft.user_id != user.pk:
        raise ValidationError(_("This form is being filled in by someone else."))
    if draft is None:
        InspectionDraft.objects.create(client_uuid=client_uuid, plan=plan, user=user, data=data)
    else:
        draft.data = data
        draft.plan = plan
        draft.updated_at = timezone.now()
        draft.save()
    return "saved"


# --- follow-ups ---------------------------------------------------------------------------------------------

_ALLOWED_MOVES = {
    FollowUp.Status.OPEN: {FollowUp.Status.FIXED, FollowUp.Status.NOT_FIXED, FollowUp.Status.REFERRED},
    FollowUp.Status.NOT_FIXED: {FollowUp.Status.FIXED, FollowUp.Status.NOT_FIXED, FollowUp.Status.REFERRED},
    FollowUp.Status.FIXED: set(),
    FollowUp.Status.REFERRED: set(),
}


@transaction.atomic
def follow_up_recheck(
    *,
    follow_up: FollowUp,
    user,
    status: str,
    rechecked_on: datetime.date,
    notes: str = "",
    referred_to: str = "",
    referral_number: str = "",
    referral_date: datetime.date | None = None,
    new_due_date: datetime.date | None = None,
    owner: Membership | None = None,
) -> FollowUp:
    """Record a re-check: fixed, not fixed (optionally with a new due date) or referred with its document.

    Fixed and referred are final; open and not fixed may move on.
    """
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("finding__inspection").get(pk=follow_up.pk)
    )
    if status not in _ALLOWED_MOVES.get(follow_up.status, set()):
        raise ValidationError(
            {
                "status": _("A follow-up that is %(state)s cannot change any more.")
                % {"state": follow_up.get_status_display()}
            }
        )
    inspected_on = follow_up.finding.inspection.inspected_on
    if rechecked_on > timezone.localdate():
        raise ValidationError({"rechecked_on": _("A re-check cannot be dated in the future.")})
    if rechecked_on < inspected_on:
        raise ValidationError({"rechecked_on": _("The re-check cannot be before the inspection.")})
    if status == FollowUp.Status.REFERRED:
        if referred_to not in FollowUp.ReferredTo.values:
            raise ValidationError({"referred_to": _("Say where the case was referred to.")})
        if not referral_number.strip():
            raise ValidationError({"referral_number": _("Enter the number of the referral document.")})
        if referral_date is None:
            raise ValidationError({"referral_date": _("Enter the date of the referral document.")})
        if referral_date > timezone.localdate() or referral_date < inspected_on:
            raise ValidationError({"referral_date": _("The referral date must be between the inspection and today.")})
    else:
        referred_to, referral_number, referral_date = "", "", None
    if new_due_date is not None:
        if status != FollowUp.Status.NOT_FIXED:
            raise ValidationError({"new_due_date": _("A new due date is only set when the fix is not done.")})
        if new_due_date <= rechecked_on:
            raise ValidationError({"new_due_date": _("The new due date must be after the re-check.")})
        follow_up.due_date = new_due_date
    if owner is not None:
        if owner.committee_id != follow_up.finding.inspection.plan.committee_id:
            raise ValidationError({"owner": _("The owner must be a member of the committee.")})
        follow_up.owner = owner
    follow_up.status = status
    follow_up.rechecked_on = rechecked_on
    follow_up.notes = notes.strip()
    follow_up.referred_to = referred_to
    follow_up.referral_number = referral_number.strip()
    follow_up.referral_date = referral_date
    follow_up.updated_by = user
    follow_up.updated_at = timezone.now()
    follow_up.save()
    return follow_up
