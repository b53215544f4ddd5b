"""One object of every kind a URL takes, for the authorization matrix and the hostile-form tests.

The world holds the same unit tree and personas as tests/conftest.py (built here because the matrix builds the
world once per module, while those fixtures are per test), and three sets of objects:

- `foreign["31"]`: everything under another province (Hải Phòng, 31). No Hải Dương persona may see any of it.
- `foreign["288"]`: everything under the sibling district (Thành phố Hải Dương, 288). The province's personas see
  it; the Nam Sách personas (district, commune) must not.
- `home`: the same kinds in scope (province 30 / Nam Sách 291 / its commune 10546), for the hostile-form tests.

Every foreign object carries its set's marker (e.g. "BÍMẬT-31") in its visible name or text, and every foreign
file has unique contents (`secret_bytes`), so a page or download that leaks it is caught by a plain search.

`URL_SAMPLES` maps a URL name to a function (ObjectSet) -> kwargs. A URL whose kwargs no entry fills makes the
matrix fail by name: whoever adds a URL adds a sample here.
"""

from __future__ import annotations

import datetime
import importlib
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from campaign_portal.models import ExportJob
from inspections.models import InspectionPhoto, ViolationCategory
from reporting import services as reporting_services
from reporting.consolidation.models import NarrativeDraft
from reporting.models import PeriodType, Report, ReportAttachment, ReportingPeriod, ReportSection
from steering.models import (
    AdministrativeUnit,
    CommitteeDecision,
    MemberRole,
    PlanAttachment,
    Role,
    TaskEvidence,
    TaskStatus,
    TaskUpdate,
)
from tests.inspections.factories import (
    BusinessFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    TargetFactory,
    TeamMemberFactory,
)
from tests.inspections.factories import PlanFactory as InspectionPlanFactory
from tests.steering.factories import (
    AgencyFactory,
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from tests.steering.plans_factories import ActivityFactory, AssignmentFactory, PlanFactory, TaskFactory, VisitFactory

PERSONAS = ("office", "district", "commune", "inspector", "viewer")


def secret_bytes(marker: str, what: str) -> bytes:
    """The unique contents of one foreign file; a response containing them leaked the file."""
    return f"SECRETFILE {marker} {what} {uuid.uuid4().hex}".encode()


def pdf_bytes(secret: bytes) -> bytes:
    return b"%PDF-1.4\n% " + secret + b"\n%%EOF\n"


def jpeg_bytes(comment: bytes, color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="JPEG", comment=comment)
    return buffer.getvalue()


@dataclass
class ObjectSet:
    """One object of each kind, all under `top`."""

    name: str
    marker: str
    top: AdministrativeUnit  # the unit everything belongs to
    child: AdministrativeUnit  # a unit below it
    leaf: AdministrativeUnit  # a commune (businesses live in communes)
    objects: dict = field(default_factory=dict)
    secrets: list[bytes] = field(default_factory=list)  # file contents that must never be served
    shared: set[str] = field(default_factory=set)  # kinds that are not this set's own (in scope for the persona)

    def __getitem__(self, kind: str):
        return self.objects[kind]

    @property
    def needles(self) -> list[bytes]:
        """What must never appear in a response: the marker in its raw, JSON-escaped and folded forms, the files."""
        import json

        from steering.text import fold

        marker = self.marker
        forms = {marker, json.dumps(marker)[1:-1], fold(marker)}
        return [f.encode() for f in forms] + self.secrets


@dataclass
class World:
    units: dict[str, AdministrativeUnit]
    users: dict[str, object]  # persona name -> User
    foreign: dict[str, ObjectSet]
    home: ObjectSet
    home_period: ReportingPeriod


def _ensure_seed_rows() -> None:
    """Data-migration rows that a transactional test elsewhere in the run may have flushed."""
    from django.apps import apps

    if not PeriodType.objects.exists():
        importlib.import_module("reporting.migrations.0002_seed_template_v1_and_period_types").seed(apps, None)
        importlib.import_module("reporting.migrations.0003_template_published_state").publish_seed_and_used_versions(
            apps, None
        )
    if not ViolationCategory.objects.exists():
        importlib.import_module("inspections.migrations.0002_violation_categories").add_categories(apps, None)


def build_tree() -> dict[str, AdministrativeUnit]:
    province = UnitFactory(code="30", name="Tỉnh Hải Dương", division_type="tinh")
    district = UnitFactory(code="291", name="Huyện Nam Sách", division_type="huyen", parent=province)
    commune = UnitFactory(code="10546", name="Xã Nam Hồng", division_type="xa", parent=district)
    other_district = UnitFactory(
        code="288", name="Thành phố Hải Dương BÍMẬT-288", division_type="thanh_pho", parent=province
    )
    other_commune = UnitFactory(
        code="10507", name="Phường Hải Tân BÍMẬT-288", division_type="phuong", parent=other_district
    )
    other_province = UnitFactory(code="31", name="Thành phố Hải Phòng BÍMẬT-31", division_type="thanh_pho_tw")
    other_province_district = UnitFactory(
        code="303", name="Quận Lê Chân BÍMẬT-31", division_type="quan", parent=other_province
    )
    other_province_commune = UnitFactory(
        code="11311", name="Phường Trại Cau BÍMẬT-31", division_type="phuong", parent=other_province_district
    )
    return {
        u.code: u
        for u in (
            province,
            district,
            commune,
            other_district,
            other_commune,
            other_province,
            other_province_district,
            other_province_commune,
        )
    }


def build_users(units) -> dict[str, object]:
    """The personas of tests/conftest.py, same names, units and roles."""
    return {
        "office": UserFactory(username="office", unit=units["30"], roles=[Role.PROVINCIAL_OFFICE]),
        "viewer": UserFactory(username="viewer", unit=units["30"], roles=[Role.VIEWER]),
        "inspector": UserFactory(username="inspector", unit=units["30"], roles=[Role.INSPECTOR]),
        "district": UserFactory(username="district", unit=units["291"], roles=[Role.UNIT_STAFF]),
        "commune": UserFactory(username="commune", unit=units["10546"], roles=[Role.UNIT_STAFF]),
        "outsider": UserFactory(username="outsider", unit=units["288"], roles=[Role.UNIT_STAFF]),
        "other_office": UserFactory(username="other_office", unit=units["31"], roles=[Role.PROVINCIAL_OFFICE]),
        "admin": UserFactory(username="admin", unit=units["30"], is_superuser=True, is_staff=True),
    }


def build_set(
    *,
    name: str,
    marker: str,
    top: AdministrativeUnit,
    child: AdministrativeUnit,
    leaf: AdministrativeUnit,
    period: ReportingPeriod,
    author,
    team_user=None,
    shared: set[str] | None = None,
) -> ObjectSet:
    """Every kind of object under `top`, named with `marker`. `author` is recorded as creator where a model asks."""
    s = ObjectSet(name=name, marker=marker, top=top, child=child, leaf=leaf, shared=shared or set())
    o = s.objects
    m = marker

    def secret_file(what: str) -> bytes:
        data = secret_bytes(m, what)
        s.secrets.append(data)
        return data

    # --- steering: committees, people, agencies
    o["unit"] = top
    o["committee"] = CommitteeFactory(unit=top, name=f"Ban Chỉ đạo {m}")
    o["agency"] = AgencyFactory(unit=top, name=f"Sở Công Thương {m}", short_name=f"SCT {m}")
    o["person"] = PersonFactory(full_name=f"Nguyễn Văn {m}", phone="0900000031", user=team_user)
    o["decision"] = CommitteeDecision.objects.create(
        committee=o["committee"],
        kind=CommitteeDecision.Kind.FORMATION,
        number=f"1/QĐ-{m}",
        date=datetime.date(2020, 3, 10),
        signer=f"Chủ tịch {m}",
        summary=f"Thành lập {m}",
    )
    o["membership"] = MembershipFactory(
        committee=o["committee"],
        person=o["person"],
        role=MemberRole.HEAD,
        position=f"Chủ tịch {m}",
        agency=o["agency"],
        decision=o["decision"],
    )
    o["member"] = MembershipFactory(
        committee=o["committee"], person=PersonFactory(full_name=f"Trần Thị {m}"), position=f"Ủy viên {m}"
    )

    # --- steering: plans, tasks, progress, evidence, monitoring, activities
    o["plan"] = PlanFactory(
        unit=top,
        committee=o["committee"],
        number=f"98/KH-{m}",
        title=f"Kế hoạch {m}",
        purpose=f"Mục đích {m}",
        created_by=author,
    )
    o["task"] = TaskFactory(
        plan=o["plan"],
        title=f"Nhiệm vụ {m}",
        description=f"Chi tiết {m}",
        lead_agency=o["agency"],
        unit=top,
    )
    o["task_update"] = TaskUpdate.objects.create(
        task=o["task"], status=TaskStatus.IN_PROGRESS, note=f"Tiến độ {m}", author=author
    )
    evidence = TaskEvidence(update=o["task_update"], name=f"minh-chung-{m}.pdf", size=100)
    evidence.file.save("evidence.pdf", ContentFile(pdf_bytes(secret_file("evidence"))), save=False)
    evidence.save()
    o["evidence"] = evidence
    attachment = PlanAttachment(plan=o["plan"], name=f"dinh-kem-{m}.pdf", description=f"Đính kèm {m}", size=100)
    attachment.file.save("attachment.pdf", ContentFile(pdf_bytes(secret_file("plan attachment"))), save=False)
    attachment.save()
    o["plan_attachment"] = attachment
    o["assignment"] = AssignmentFactory(
        committee=o["committee"], membership=o["member"], person=o["member"].person, units=[child], note=f"{m}"
    )
    o["assignment"].plan = o["plan"]
    o["assignment"].save()
    o["visit"] = VisitFactory(assignment=o["assignment"], unit=child, content=f"Kiểm tra {m}", findings=f"Kết luận {m}")
    o["activity"] = ActivityFactory(unit=top, title=f"Hội nghị {m}", place=f"Hội trường {m}", description=m)

    # --- reporting: the report of `child` in `period`, with narrative and an attachment
    o["period"] = period
    report = Report.objects.select_related("period__template").get(period=period, unit=child, agency__isnull=True)
    for section in period.template.sections.filter(writable=True)[:3]:
        ReportSection.objects.create(report=report, section=section, text=f"Báo cáo {m} {section.key}")
    report.status = "draft"
    report.save(update_fields=["status"])
    o["report"] = report
    report_attachment = ReportAttachment(report=report, name=f"phu-luc-{m}.pdf", size=100, uploaded_by=author)
    report_attachment.file.save("phu-luc.pdf", ContentFile(pdf_bytes(secret_file("report attachment"))), save=False)
    report_attachment.save()
    o["report_attachment"] = report_attachment
    # Template versions are one national catalogue, not the set's own: a version being prepared (editable by
    # any provincial office, since no creator's unit claims it) for the editor's pages.
    o["template_draft"] = reporting_services.template_new_version(based_on=period.template, name="Mẫu đang soạn")
    o["template_indicator"] = o["template_draft"].indicators.get(code="TT01")
    o["template_section"] = o["template_draft"].sections.get(key="I")
    o["narrative"] = NarrativeDraft.objects.create(
        unit=top, period_code=period.code, sections={"I": f"Tổng hợp {m}"}, updated_by=author
    )

    # --- exports: a finished job with a private file and a verification code
    job = ExportJob(
        kind="consolidated_pdf",
        params={"period": period.code},
        title=f"Báo cáo tổng hợp {m}",
        unit=top,
        requested_by=author,
        status=ExportJob.Status.DONE,
        progress=100,
        filename=f"tong-hop-{m}.pdf",
        verification_code=f"V{uuid.uuid4().hex[:10].upper()}",
        summary={"note": m},
        data_as_of=timezone.now(),
        finished_at=timezone.now(),
    )
    job.save()
    job.file.save("export.pdf", ContentFile(pdf_bytes(secret_file("export"))), save=False)
    job.save()
    o["export_job"] = job

    # --- the register: an issued document of the set's standing board, with its stored files
    from steering.models import DocumentIssuer, IssuedDocument

    issuer = DocumentIssuer.objects.create(
        unit=top, parent_body=f"ỦY BAN MTTQ {m}", place_name=f"Nơi {m}", code="MT", signer_name=f"Ông {m}"
    )
    issued = IssuedDocument(
        issuer=issuer,
        year=2021,
        serial=1,
        number="01/BC-MT",
        doc_type="BC",
        kind=IssuedDocument.Kind.CONSOLIDATED_REPORT,
        source=f"consolidation:{top.key}:{period.code}",
        subject=f"Báo cáo {m}",
        issued_on=datetime.date(2021, 7, 5),
        issued_at=timezone.now(),
        issued_by=author,
        verification_code=f"I{uuid.uuid4().hex[:10].upper()}",
        pdf_sha256="0" * 64,
        docx_sha256="0" * 64,
        content_sha256="0" * 64,
    )
    issued.pdf.save("issued.pdf", ContentFile(pdf_bytes(secret_file("issued pdf"))), save=False)
    issued.docx.save("issued.docx", ContentFile(pdf_bytes(secret_file("issued docx"))), save=False)
    issued.save()
    o["issued_document"] = issued
    from campaign_portal.documents import credentials, demo_ca

    o["document_issuer"] = issuer
    o["signing_credential"] = credentials.credential_upload(
        issuer=issuer,
        role="signer",
        data=demo_ca.make_pkcs12(_authority(), f"Ông {m}", "pw"),
        password="pw",
        by=author,
    )

    # --- inspections: business, plan with team and target, a draft and a submitted record, photo, follow-up
    o["business"] = BusinessFactory(
        commune=leaf, name=f"Cửa hàng {m}", address=f"Số 1 phố {m}", representative=f"Ông {m}"
    )
    o["inspection_plan"] = InspectionPlanFactory(
        committee=o["committee"], title=f"Kế hoạch kiểm tra {m}", purpose=f"Mục đích {m}", created_by=author
    )
    TeamMemberFactory(plan=o["inspection_plan"], membership=o["membership"], is_lead=True)
    TeamMemberFactory(plan=o["inspection_plan"], membership=o["member"])
    o["target"] = TargetFactory(plan=o["inspection_plan"], business=o["business"])
    o["inspection"] = InspectionFactory(
        plan=o["inspection_plan"],
        unit=top,
        business=o["business"],
        conclusion=f"Kết luận {m}",
        checklist_notes=f"Ghi chú {m}",
        lead=o["membership"],
    )
    o["submitted_inspection"] = InspectionFactory(
        plan=o["inspection_plan"],
        unit=top,
        business=o["business"],
        status="submitted",
        number=f"1/BB-{m}",
        conclusion=f"Kết luận {m}",
        lead=o["membership"],
    )
    o["submitted_inspection"].team.set([o["membership"], o["member"]])
    o["finding"] = FindingFactory(inspection=o["submitted_inspection"], goods=f"Hàng {m}", description=m)
    o["follow_up"] = FollowUpFactory(finding=o["finding"], owner=o["membership"], notes=f"Tái kiểm tra {m}")
    photo = InspectionPhoto(inspection=o["inspection"], source_sha256=uuid.uuid4().hex * 2, caption=f"Ảnh {m}")
    photo.image.save("photo.jpg", ContentFile(jpeg_bytes(secret_file("photo"))), save=False)
    photo.save()
    o["photo"] = photo
    return s


def build_world() -> World:
    _ensure_seed_rows()
    units = build_tree()
    users = build_users(units)
    h1 = PeriodType.objects.get(code="H1")
    home_period = reporting_services.period_open(
        owner=units["30"], period_type=h1, year=2021, opened_by=users["office"]
    )
    other_period = reporting_services.period_open(
        owner=units["31"], period_type=h1, year=2021, opened_by=users["other_office"]
    )
    ReportingPeriod.objects.filter(pk=other_period.pk).update(name=f"{other_period.name} BÍMẬT-31")
    other_period.refresh_from_db()
    foreign = {
        "31": build_set(
            name="31",
            marker="BÍMẬT-31",
            top=units["31"],
            child=units["303"],
            leaf=units["11311"],
            period=other_period,
            author=users["other_office"],
        ),
        # The sibling district reports in the province's own period: the period is shared, not foreign.
        "288": build_set(
            name="288",
            marker="BÍMẬT-288",
            top=units["288"],
            child=units["10507"],
            leaf=units["10507"],
            period=home_period,
            author=users["outsider"],
            shared={"period"},
        ),
    }
    home = build_set(
        name="home",
        marker="TRONGPHAMVI",
        top=units["291"],
        child=units["10546"],
        leaf=units["10546"],
        period=home_period,
        author=users["district"],
        team_user=users["inspector"],
    )
    return World(units=units, users=users, foreign=foreign, home=home, home_period=home_period)


# --- URL name -> kwargs -------------------------------------------------------------------------------------------

Sample = Callable[[ObjectSet], dict]


def _pk(kind: str) -> Sample:
    return lambda s: {"pk": s[kind].pk}


_AUTHORITY = []


def _authority():
    """One test certification authority for every object set (making RSA keys takes a moment)."""
    from campaign_portal.documents import demo_ca

    if not _AUTHORITY:
        _AUTHORITY.append(demo_ca.make_authority("Test CA"))
    return _AUTHORITY[0]


# (kwargs builder, the kind of object the URL is about: a URL about a shared kind may answer 200)
URL_SAMPLES: dict[str, tuple[Sample, str | None]] = {
    # exports and consolidation
    "exports:status": (_pk("export_job"), "export_job"),
    "exports:download": (_pk("export_job"), "export_job"),
    "exports:retry": (_pk("export_job"), "export_job"),
    "exports:verify": (lambda s: {"code": s["export_job"].verification_code}, "export_job"),
    "consolidation:detail": (lambda s: {"unit_code": s.top.code, "period_code": s["period"].code}, "unit"),
    "consolidation:export": (
        lambda s: {"unit_code": s.top.code, "period_code": s["period"].code, "fmt": "pdf"},
        "unit",
    ),
    "consolidation:issue": (lambda s: {"unit_code": s.top.code, "period_code": s["period"].code}, "unit"),
    "consolidation:cancel": (lambda s: {"unit_code": s.top.code, "period_code": s["period"].code}, "unit"),
    "consolidation:merge": (lambda s: {"unit_code": s.top.code, "period_code": s["period"].code}, "unit"),
    "documents:download": (lambda s: {"pk": s["issued_document"].pk, "fmt": "pdf"}, "issued_document"),
    "documents:certificates": (_pk("document_issuer"), "document_issuer"),
    "documents:certificate_revoke": (_pk("signing_credential"), "signing_credential"),
    # steering
    "steering:unit_detail": (lambda s: {"code": s.top.code}, "unit"),
    "steering:committee_create": (lambda s: {"code": s.top.code}, "unit"),
    "steering:agency_list": (lambda s: {"code": s.top.code}, "unit"),
    "steering:agency_create": (lambda s: {"code": s.top.code}, "unit"),
    "steering:agency_edit": (lambda s: {"code": s.top.code, "pk": s["agency"].pk}, "agency"),
    "steering:committee_detail": (_pk("committee"), "committee"),
    "steering:committee_history": (_pk("committee"), "committee"),
    "steering:decision_create": (_pk("committee"), "committee"),
    "steering:membership_create": (_pk("committee"), "committee"),
    "steering:membership_end": (_pk("member"), "membership"),
    "steering:membership_replace": (_pk("member"), "membership"),
    "steering:plan_detail": (_pk("plan"), "plan"),
    "steering:plan_issue": (_pk("plan"), "plan"),
    "steering:plan_edit": (_pk("plan"), "plan"),
    "steering:plan_pdf": (_pk("plan"), "plan"),
    "steering:plan_xlsx": (_pk("plan"), "plan"),
    "steering:plan_attachment_add": (_pk("plan"), "plan"),
    "steering:task_create": (_pk("plan"), "plan"),
    "steering:plan_attachment_download": (_pk("plan_attachment"), "plan_attachment"),
    "steering:task_detail": (_pk("task"), "task"),
    "steering:task_edit": (_pk("task"), "task"),
    "steering:task_cascade": (_pk("task"), "task"),
    "steering:task_update_create": (_pk("task"), "task"),
    "steering:evidence_download": (_pk("evidence"), "evidence"),
    "steering:assignment_detail": (_pk("assignment"), "assignment"),
    "steering:visit_create": (_pk("assignment"), "assignment"),
    "steering:assignment_end": (_pk("assignment"), "assignment"),
    "steering:visit_edit": (_pk("visit"), "visit"),
    "steering:assignment_create": (_pk("committee"), "committee"),
    "steering:person_detail": (_pk("person"), "person"),
    "steering:activity_detail": (_pk("activity"), "activity"),
    "steering:activity_edit": (_pk("activity"), "activity"),
    "steering:activity_delete": (_pk("activity"), "activity"),
    # reporting
    "reporting:period_board": (_pk("period"), "period"),
    "reporting:period_edit": (_pk("period"), "period"),
    "reporting:report_detail": (_pk("report"), "report"),
    "reporting:report_edit": (_pk("report"), "report"),
    "reporting:report_review": (_pk("report"), "report"),
    "reporting:report_print": (_pk("report"), "report"),
    "reporting:report_pdf": (_pk("report"), "report"),
    "reporting:attachment_add": (_pk("report"), "report"),
    "reporting:attachment_download": (_pk("report_attachment"), "report_attachment"),
    "reporting:attachment_delete": (_pk("report_attachment"), "report_attachment"),
    # the template editor: versions are national (no unit), so these URLs may answer 200 to any office (kind None)
    "reporting:template_detail": (lambda s: {"pk": s["period"].template_id}, None),
    "reporting:template_indicator_create": (_pk("template_draft"), None),
    "reporting:template_indicator_edit": (
        lambda s: {"pk": s["template_draft"].pk, "indicator_pk": s["template_indicator"].pk},
        None,
    ),
    "reporting:template_indicator_delete": (
        lambda s: {"pk": s["template_draft"].pk, "indicator_pk": s["template_indicator"].pk},
        None,
    ),
    "reporting:template_section_create": (_pk("template_draft"), None),
    "reporting:template_section_edit": (
        lambda s: {"pk": s["template_draft"].pk, "section_pk": s["template_section"].pk},
        None,
    ),
    "reporting:template_section_delete": (
        lambda s: {"pk": s["template_draft"].pk, "section_pk": s["template_section"].pk},
        None,
    ),
    "reporting:template_publish": (_pk("template_draft"), None),
    # inspections
    "inspections:create": (lambda s: {"plan_pk": s["inspection_plan"].pk}, "inspection_plan"),
    "inspections:detail": (_pk("inspection"), "inspection"),
    "inspections:edit": (_pk("inspection"), "inspection"),
    "inspections:submit": (_pk("inspection"), "inspection"),
    "inspections:pdf": (_pk("submitted_inspection"), "inspection"),
    "inspections:photo": (_pk("photo"), "photo"),
    "inspections:photo_delete": (_pk("photo"), "photo"),
    "inspections:follow_up_detail": (_pk("follow_up"), "follow_up"),
    "inspections:plan_detail": (_pk("inspection_plan"), "inspection_plan"),
    "inspections:plan_edit": (_pk("inspection_plan"), "inspection_plan"),
    "inspections:plan_pdf": (_pk("inspection_plan"), "inspection_plan"),
    "inspections:plan_issue": (_pk("inspection_plan"), "inspection_plan"),
    "inspections:plan_target_add": (_pk("inspection_plan"), "inspection_plan"),
    "inspections:plan_target_delete": (
        lambda s: {"pk": s["inspection_plan"].pk, "target_pk": s["target"].pk},
        "inspection_plan",
    ),
    "inspections:business_detail": (_pk("business"), "business"),
    "inspections:business_edit": (_pk("business"), "business"),
}

# Querystrings tried on every list page (URLs without kwargs), per set.
LIST_QUERIES: list[Callable[[ObjectSet], str]] = [
    # Never the whole marker: the search box echoes the query back.
    lambda s: "q=BÍMẬT",
    lambda s: "q=bimat",
    lambda s: f"unit={s.top.code}",
    lambda s: f"unit={s.top.pk}",
    lambda s: f"commune={s.leaf.pk}",
    lambda s: f"period={s['period'].pk}",
    lambda s: f"period={s['period'].code}",
    lambda s: f"committee={s['committee'].pk}",
    lambda s: f"plan={s['inspection_plan'].pk}",
    lambda s: f"plan={s['plan'].pk}",
    lambda s: f"year=2021&status=all&unit={s.child.code}",
]

# Values a POST may carry to point at a foreign object from a page that takes no object in its URL.
FOREIGN_REFERENCES: dict[str, Callable[[ObjectSet], object]] = {
    "unit": lambda s: s.top.pk,
    "owner": lambda s: s.top.pk,
    "commune": lambda s: s.leaf.pk,
    "committee": lambda s: s["committee"].pk,
    "plan": lambda s: s["inspection_plan"].pk,
    "task": lambda s: s["task"].pk,
    "agency": lambda s: s["agency"].pk,
    "business": lambda s: s["business"].pk,
    "membership": lambda s: s["member"].pk,
    "lead": lambda s: s["membership"].pk,
    "team": lambda s: s["member"].pk,
    "person": lambda s: s["person"].pk,
    "period": lambda s: s["period"].pk,
    "code": lambda s: s["export_job"].verification_code,
    "client_uuid": lambda s: str(s["inspection"].client_uuid),
}


# --- HTML forms as a browser would submit them ----------------------------------------------------------------


@dataclass
class FormField:
    name: str
    tag: str  # input, select, textarea, button
    type: str = ""  # text, hidden, checkbox, file, submit ... for inputs
    value: str = ""
    checked: bool = False
    multiple: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected) of a select
    maxlength: int | None = None


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    fields: list[FormField] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        seen: dict[str, None] = {}
        for f in self.fields:
            if f.name and f.tag != "button" and f.type not in ("submit", "button", "reset", "image"):
                seen[f.name] = None
        return list(seen)

    @property
    def file_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.type == "file"]

    def payload(self) -> dict[str, list[str]]:
        """What submitting the form untouched would send (files and unnamed controls left out)."""
        data: dict[str, list[str]] = {}
        first_submit = None
        for f in self.fields:
            if not f.name:
                continue
            if f.tag == "button" or f.type in ("submit", "image"):
                first_submit = first_submit or f
                continue
            if f.type in ("file", "reset", "button"):
                continue
            if f.type in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
                continue
            if f.tag == "select":
                chosen = [v for v, selected in f.options if selected]
                if not chosen and f.options and not f.multiple:
                    chosen = [f.options[0][0]]
                data.setdefault(f.name, []).extend(chosen)
                continue
            data.setdefault(f.name, []).append(f.value)
        if first_submit is not None:
            data.setdefault(first_submit.name, []).append(first_submit.value)
        return data


class _FormParser:
    """Collects <form method="post"> elements with their controls (html.parser, no dependency)."""

    def __init__(self) -> None:
        from html.parser import HTMLParser

        outer = self
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: FormField | None = None
        self._option: list | None = None
        self._textarea: FormField | None = None

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outer.start(tag, dict(attrs))

            def handle_startendtag(self, tag, attrs):
                outer.start(tag, dict(attrs))
                if tag in ("option", "textarea", "select"):
                    outer.end(tag)

            def handle_endtag(self, tag):
                outer.end(tag)

            def handle_data(self, data):
                outer.data(data)

        self.parser = Parser(convert_charrefs=True)

    def start(self, tag, attrs) -> None:
        if tag == "form":
            self._form = HtmlForm(
                action=attrs.get("action") or "",
                method=(attrs.get("method") or "get").lower(),
                enctype=attrs.get("enctype") or "",
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name") or ""
        if tag == "input":
            form.fields.append(
                FormField(
                    name=name,
                    tag="input",
                    type=(attrs.get("type") or "text").lower(),
                    value=attrs.get("value") or "",
                    checked="checked" in attrs,
                    maxlength=int(attrs["maxlength"]) if (attrs.get("maxlength") or "").isdigit() else None,
                )
            )
        elif tag == "button":
            form.fields.append(FormField(name=name, tag="button", type="submit", value=attrs.get("value") or ""))
        elif tag == "select":
            self._select = FormField(name=name, tag="select", multiple="multiple" in attrs)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea":
            maxlength = attrs.get("maxlength") or ""
            self._textarea = FormField(
                name=name, tag="textarea", maxlength=int(maxlength) if maxlength.isdigit() else None
            )
            form.fields.append(self._textarea)

    def end(self, tag) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select.options.append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def data(self, data) -> None:
        if self._option is not None:
            self._option[2] += data
        elif self._textarea is not None:
            self._textarea.value += data


def parse_forms(html: str) -> list[HtmlForm]:
    """Every <form method="post"> of a page."""
    parser = _FormParser()
    parser.parser.feed(html)
    parser.parser.close()
    return [f for f in parser.forms if f.method == "post"]


def page_forms(html: str, path: str) -> list[HtmlForm]:
    """The page's own POST forms (posting back to the page itself, or to one of its sub-URLs), largest first;
    the navbar's language switcher and logout button are not the page's forms."""
    own = [
        f
        for f in parse_forms(html)
        if f.action in ("", path) or (path != "/" and f.action.startswith(path.split("?")[0]))
    ]
    return sorted(own, key=lambda f: -len(f.names))
