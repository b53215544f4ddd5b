"""The KẾ HOẠCH as the office prints it: the abbreviations of its annex spelled out, the recipients of the real plan
98/KH-MT, a numbered plan that never silently changes (later tasks go to an annex of amendments), unit names in
running text, and the demo plan holding every task of the real plan. Asserted on the text of the rendered PDF and
Word files, as a reader sees them."""

import datetime
import io
import os
import re
import unicodedata
from pathlib import Path

import docx
import docx.table
import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from campaign_portal.documents.content import Bullets, Issuer, Para, Table
from campaign_portal.documents.docx import render_docx
from campaign_portal.documents.pdf import render_pdf
from steering import demo, demo_plans
from steering.models import DocumentIssuer, LeadKind, MemberRole, Plan, PlanTask, User
from steering.plans import documents, selectors, services
from steering.text import fold, running_name
from tests.steering import plans_fixtures
from tests.steering.factories import AgencyFactory

pytestmark = pytest.mark.django_db

world = plans_fixtures.world

SEED = Path(
    os.environ.get(
        "PLAN_98_SEED", Path(__file__).resolve().parents[3] / "shared" / "seed" / "ke-hoach-98-KH-MT-2021.txt"
    )
)
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"the text of Kế hoạch 98/KH-MT is not at {SEED}")
AMENDMENTS = "PHỤ LỤC: NHIỆM VỤ SỬA ĐỔI, BỔ SUNG"


def norm(text: str) -> str:
    """NFC on single spaces: what a reader copies, line breaks and no-break spaces made plain spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.replace("\u00a0", " "))).strip()


def pdf_text(document) -> str:
    return norm(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(document))).pages))


def word_text(content: bytes) -> str:
    """The Word file's text in reading order: paragraphs and table cells as they come."""
    parts = []
    for item in docx.Document(io.BytesIO(content)).iter_inner_content():
        if isinstance(item, docx.table.Table):
            parts.extend(cell.text for row in item.rows for cell in row.cells)
        else:
            parts.append(item.text)
    return norm("\n".join(parts))


def docx_text(document) -> str:
    return word_text(render_docx(document))


def both_texts(document) -> list[str]:
    return [pdf_text(document), docx_text(document)]


def board() -> Issuer:
    """The province's standing board: ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG / BAN THƯỜNG TRỰC, series MT."""
    from steering.models import AdministrativeUnit

    return Issuer.of(DocumentIssuer.default_for(AdministrativeUnit.objects.get(code="30")))


def build(plan: Plan, issuer: Issuer | None = None, **kwargs):
    tasks = list(selectors.plan_tasks(plan=plan))
    return documents.plan_document(
        plan=plan,
        tasks=tasks,
        cascaded_units={t.pk: t.copies_total for t in tasks},
        issuer=issuer or board(),
        **kwargs,
    )


def add_task(plan, lead, *, co=(), title="Nhiệm vụ", description="", on: datetime.datetime | None = None, **kw):
    task = services.task_save(
        plan=plan,
        content_area=kw.pop("content_area", 1),
        title=title,
        description=description,
        lead_kind=LeadKind.AGENCY,
        lead_agency=lead,
        co_agencies=list(co),
        **kw,
    )
    if on is not None:
        PlanTask.objects.filter(pk=task.pk).update(created_at=on)
    return task


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def legend_of(document) -> str:
    """The text of the "Ghi chú" paragraph under the annex's (first) table."""
    annex = document.annex
    at = next(i for i, block in enumerate(annex) if isinstance(block, Table))
    block = annex[at + 1]
    assert isinstance(block, Para) and block.text.startswith("<i>Ghi chú:</i> ")
    return block.text


def legend_pairs(text: str) -> set[tuple[str, str]]:
    body = text.removeprefix("<i>Ghi chú:</i> ").removesuffix(".")
    return {tuple(item.split(": ", 1)) for item in body.split("; ")}


# --- the legend of abbreviations --------------------------------------------------------------------------------


@pytest.fixture
def agencies(tree):
    class A:
        btg = AgencyFactory(unit=tree.province, name="Ban Tuyên giáo Tỉnh ủy", short_name="BTG", order=3)
        stttt = AgencyFactory(unit=tree.province, name="Sở Thông tin và Truyền thông", short_name="STTTT", order=5)
        hlhpn = AgencyFactory(unit=tree.province, name="Hội Liên hiệp Phụ nữ tỉnh", short_name="HLHPN", order=15)
        plain = AgencyFactory(unit=tree.province, name="Công an tỉnh", short_name="", order=11)
        same = AgencyFactory(unit=tree.province, name="Tỉnh đoàn", short_name="Tỉnh đoàn", order=16)

    return A


def test_the_annex_legend_spells_out_exactly_the_abbreviations_its_table_uses(world, agencies):
    add_task(world.plan, world.industry, co=[agencies.btg, agencies.plain], on=local(2021, 4, 28, 8))
    add_task(world.plan, agencies.stttt, co=[agencies.btg, agencies.same], on=local(2021, 4, 28, 8))
    document = build(world.plan)

    assert legend_pairs(legend_of(document)) == {
        ("SCT", "Sở Công Thương"),
        ("BTG", "Ban Tuyên giáo Tỉnh ủy"),
        ("STTTT", "Sở Thông tin và Truyền thông"),
    }
    # In the committee's order (BTG 3, STTTT 5; Sở Công Thương has the default 100), each once.
    assert legend_of(document) == (
        "<i>Ghi chú:</i> BTG: Ban Tuyên giáo Tỉnh ủy; STTTT: Sở Thông tin và Truyền thông; SCT: Sở Công Thương."
    )
    for text in both_texts(document):
        assert "Ghi chú: BTG: Ban Tuyên giáo Tỉnh ủy; STTTT: Sở Thông tin và Truyền thông; SCT: Sở Công Thương." in text
        assert "HLHPN" not in text  # an agency the plan does not name is not explained
        assert "Công an tỉnh" in text  # printed in full in the table: nothing to explain


def test_a_plan_whose_table_uses_no_abbreviation_has_no_legend(world, agencies):
    add_task(world.plan, agencies.plain, on=local(2021, 4, 28, 8))
    document = build(world.plan)
    assert not [b for b in document.annex if isinstance(b, Para) and "Ghi chú" in b.text]
    assert "Ghi chú" not in pdf_text(document)


# --- Nơi nhận ---------------------------------------------------------------------------------------------------


def seed_recipients() -> list[str]:
    text = SEED.read_text(encoding="utf-8").split("Nơi nhận:", 1)[1]
    return [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]


@needs_seed
def test_the_default_recipients_are_the_seven_lines_of_plan_98():
    assert len(seed_recipients()) == 7
    assert list(documents.PLAN_RECIPIENTS_DEFAULT) == seed_recipients()


def test_a_plan_goes_to_the_default_recipients_unless_told_otherwise(world):
    add_task(world.plan, world.industry, on=local(2021, 4, 28, 8))
    document = build(world.plan)
    assert document.recipients == list(documents.PLAN_RECIPIENTS_DEFAULT) and len(document.recipients) == 7
    for text in both_texts(document):
        for line in documents.PLAN_RECIPIENTS_DEFAULT:
            assert f"- {line}" in text, line

    chosen = build(world.plan, recipients=["Sở Công Thương;", "Lưu: VT, Ban Phong trào."])
    assert chosen.recipients == ["Sở Công Thương;", "Lưu: VT, Ban Phong trào."]
    for text in both_texts(chosen):
        assert "- Sở Công Thương; - Lưu: VT, Ban Phong trào." in text
        assert "Các tổ chức thành viên của Mặt trận" not in text


# --- a numbered plan never silently changes ---------------------------------------------------------------------


def test_a_task_added_after_a_numbered_plans_date_goes_to_the_amendments_annex_only(world):
    plan = world.plan  # 98/KH-MT of 28/04/2021
    own = add_task(plan, world.industry, title="Nhiệm vụ gốc", description="Nhiệm vụ có từ ngày ban hành.")
    late = add_task(plan, world.standing_body, title="Nhiệm vụ bổ sung năm 2026", description="Việc thêm sau.")
    PlanTask.objects.filter(pk=own.pk).update(created_at=local(2021, 4, 28, 23, 30))  # the plan's day, late
    PlanTask.objects.filter(pk=late.pk).update(created_at=local(2026, 3, 5, 0, 30))  # 04/03 17:30 in UTC
    document = build(plan)

    body = " ".join(" ".join(b.items) if isinstance(b, Bullets) else getattr(b, "text", "") for b in document.body)
    assert "Nhiệm vụ có từ ngày ban hành" in body and "Việc thêm sau" not in body
    first_table = next(b for b in document.annex if isinstance(b, Table))
    assert [row[1] for row in first_table.rows] == ["Nhiệm vụ gốc"]
    for text in both_texts(document):
        assert AMENDMENTS in text
        assert "Kế hoạch được sửa đổi, bổ sung ngày 05/03/2026" in text
        before, after = text.split(AMENDMENTS, 1)
        assert "Nhiệm vụ bổ sung năm 2026" not in before and "Việc thêm sau" not in before
        assert "Nhiệm vụ bổ sung năm 2026" in after and "05/03/2026" in after
        assert "Nhiệm vụ gốc" in before and "Nhiệm vụ gốc" not in after
        assert "Số: 98/KH-MT" in text and "ngày 28 tháng 4 năm 2021" in text


def test_a_draft_plan_prints_every_task_in_its_body(world):
    plan = world.plan
    plan.number = ""
    plan.save(update_fields=["number"])
    add_task(plan, world.industry, title="Nhiệm vụ bổ sung năm 2026", description="Việc thêm sau.")
    document = build(plan)
    assert documents.split_amendments(plan, list(selectors.plan_tasks(plan=plan)))[1] == []
    for text in both_texts(document):
        assert AMENDMENTS not in text and "sửa đổi, bổ sung" not in text
        assert "Việc thêm sau" in text.split("Nơi nhận")[0]  # in the body


def test_a_numbered_plan_with_no_later_task_has_no_amendments_annex(world):
    add_task(world.plan, world.industry, on=local(2021, 4, 28, 8))
    document = build(world.plan)
    assert AMENDMENTS not in pdf_text(document)
    assert not [b for b in document.annex if isinstance(b, Para) and "sửa đổi" in b.text]


def test_a_cascaded_copy_follows_the_rule_of_its_own_plan(world, tree):
    task = add_task(world.plan, world.standing_body, on=local(2021, 4, 28, 8))
    services.task_cascade(task=task)
    copy = PlanTask.objects.get(parent_task=task, unit=tree.district)
    PlanTask.objects.filter(pk=copy.pk).update(created_at=local(2021, 4, 28, 9))
    copy.refresh_from_db()
    assert documents.split_amendments(world.plan, [copy]) == ([copy], [])
    PlanTask.objects.filter(pk=copy.pk).update(created_at=local(2021, 5, 2, 9))
    copy.refresh_from_db()
    assert documents.split_amendments(world.plan, [copy]) == ([], [copy])


# --- names in running text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, running",
    [
        ("ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG", "Ủy ban MTTQ Việt Nam tỉnh Hải Dương"),
        ("BAN THƯỜNG TRỰC", "Ban Thường trực"),
        (
            "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG\n“NGƯỜI VIỆT NAM ƯU TIÊN DÙNG HÀNG VIỆT NAM”",
            "Ban Chỉ đạo cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        ),
        ("ỦY BAN MTTQ VIỆT NAM THỊ XÃ KINH MÔN", "Ủy ban MTTQ Việt Nam thị xã Kinh Môn"),
        ("ỦY BAN MTTQ VIỆT NAM XÃ NAM HỒNG", "Ủy ban MTTQ Việt Nam xã Nam Hồng"),
        ("BAN TUYÊN GIÁO TỈNH ỦY", "Ban Tuyên giáo Tỉnh ủy"),
        ("HĐND THÀNH PHỐ HẢI DƯƠNG", "HĐND thành phố Hải Dương"),
        ("Ban Thường trực Ủy ban MTTQ tỉnh", "Ban Thường trực Ủy ban MTTQ tỉnh"),  # already written out
    ],
)
def test_running_name_writes_a_header_name_as_running_text(header, running):
    assert running_name(header) == running


def test_the_intro_names_the_issuer_in_running_text(world, tree):
    add_task(world.plan, world.industry, on=local(2021, 4, 28, 8))
    expected = (
        "Thực hiện Kế hoạch số 286/KH-MTTW-BCĐTWCVĐ ngày 07/04/2021, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Hải "
        "Dương xây dựng Kế hoạch triển khai cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm 2021 như "
        "sau:"
    )
    document = build(world.plan)
    assert document.body[0].text == expected
    for text in both_texts(document):
        assert expected in text
        assert "Ban thường trực" not in text and "Tỉnh Hải Dương" not in text

    committee = Issuer.of(DocumentIssuer.default_for_committee(world.province_committee))
    intro = build(world.plan, issuer=committee).body[0].text
    assert (
        "Ban Chỉ đạo cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” tỉnh Hải Dương xây dựng Kế hoạch"
    ) in intro


def test_leads_are_named_in_the_documents_vietnamese_whatever_the_users_language(world):
    plan = world.plan
    services.task_save(
        plan=plan,
        content_area=3,
        title="Tham gia các đoàn kiểm tra",
        section="III.1.2",
        lead_kind=LeadKind.MEMBERS,
        lead_committee=world.province_committee,
    )
    services.task_save(
        plan=plan,
        content_area=3,
        title="Giúp cơ quan Thường trực xây dựng kế hoạch kiểm tra",
        section="III.1.1",
        lead_kind=LeadKind.POSITION,
        lead_committee=world.province_committee,
        lead_role=MemberRole.STANDING_DEPUTY,
    )
    PlanTask.objects.filter(plan=plan).update(created_at=local(2021, 4, 28, 8))
    with translation.override("en"):
        text = pdf_text(build(plan))
    assert "Các thành viên Ban Chỉ đạo tỉnh Hải Dương" in text
    assert "Phó Trưởng ban Thường trực Ban Chỉ đạo tỉnh Hải Dương" in text
    assert "steering committee" not in text.lower() and "Ban Chỉ đạo Tỉnh Hải Dương" not in text
    assert "1. Cấp tỉnh" in text and "1.2. Trách nhiệm các thành viên Ban chỉ đạo" in text


# --- the demo plan holds the real plan's tasks ------------------------------------------------------------------


def seed_task_lines(text: str) -> list[tuple[str, str]]:
    """(section, text) of every task of sections II and III of the plan: each "- …" item, and the undashed
    paragraphs of 1.2 (the members' duties); an item a page break split is joined again."""
    body = text.split("II. NỘI DUNG TRỌNG TÂM NĂM 2021", 1)[1].split("Trên đây là", 1)[0]
    major, section, items = "II", "", []
    for paragraph in re.split(r"\n\s*\n", body):
        line = " ".join(paragraph.split())
        if not line:
            continue
        if line.startswith("III. TỔ CHỨC THỰC HIỆN"):
            major = "III"
            continue
        heading = re.match(r"(\d+(?:\.\d+)*)\.\s", line)
        if heading:
            section = f"{major}.{heading.group(1)}"
            continue
        if line.startswith("- "):
            items.append([section, line[2:]])
        elif line[0].islower() and items:
            items[-1][1] += " " + line
        else:
            items.append([section, line])
    return [(s, t) for s, t in items]


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 1}


def demo_plan_tasks() -> list[PlanTask]:
    demo.seed()
    demo_plans.seed()
    plan = Plan.objects.get(number=demo_plans.NUMBER, year=2021)
    return list(PlanTask.objects.filter(plan=plan, parent_task__isnull=True))


@needs_seed
@pytest.mark.slow
def test_every_task_line_of_the_seed_is_a_task_of_the_demo_plan():
    lines = seed_task_lines(SEED.read_text(encoding="utf-8"))
    sections = [s for s, _t in lines]
    assert len(lines) == 35 and sections.count("II.4") == 2 and sections.count("III.1.1") == 8
    tasks = demo_plan_tasks()
    missing = []
    for section, line in lines:
        wanted = words(line)
        # The tasks of the same section whose wording is taken from this line (a long line may be split).
        parts = [
            t
            for t in tasks
            if t.section == section and len(words(t.description) & wanted) >= 0.9 * len(words(t.description))
        ]
        left = wanted - set().union(*(words(t.description) for t in parts))
        if left:  # every word of the line is in the plan's tasks of its section
            missing.append((section, line[:80], sorted(left)[:10]))
    assert not missing, missing


# Key phrases of the tasks the demo used to drop, with the section the plan puts them in.
KEY_PHRASES = [
    ("II.1", "những sản phẩm, dịch vụ thương hiệu Việt chất lượng, những địa chỉ doanh nghiệp uy tín"),
    ("II.2", "Chương trình thương hiệu quốc gia Việt Nam, Chương trình phát triển công nghiệp hỗ trợ"),
    ("II.2", "Ban hành chính sách cụ thể, phù hợp với đặc điểm tình hình địa phương"),
    ("II.3", "kiểm tra, giám sát đột xuất khi có các sự việc ảnh hưởng đến bình ổn giá"),
    ("II.3", "bảo đảm vệ sinh an toàn thực phẩm cho người tiêu dùng"),
    ("II.3", "Phát huy vai trò của Hội bảo vệ người tiêu dùng tỉnh"),
    ("II.4", "ở các xã vùng sâu, vùng xa, xây dựng mạng lưới bán lẻ"),
    ("II.4", "giới thiệu cách nhận biết hàng thật, hàng giả"),
    ("II.4", "xây dựng thương hiệu Việt từ những mặt hàng thủ công mỹ nghệ, truyền thống"),
    ("II.4", "khắc phục tâm lý sính"),
    ("II.6", "tổ chức giới thiệu các sản phẩm ứng dụng khoa học công nghệ mới"),
    ("II.6", "bảo đảm vệ sinh an toàn thực phẩm cho người tiêu dùng"),
    ("III.1.1", "Xây dựng kế hoạch triển khai thực hiện cuộc vận động trên địa bàn tỉnh"),
]


def plain(text: str) -> str:
    return norm(text).replace("“", '"').replace("”", '"').lower()


@needs_seed
def test_the_key_phrases_are_the_seeds_own():
    seed = plain(SEED.read_text(encoding="utf-8"))
    assert [p for _s, p in KEY_PHRASES if plain(p) not in seed] == []


@pytest.mark.slow
def test_the_demo_plan_holds_the_tasks_it_used_to_drop_and_prints_like_the_real_plan():
    tasks = demo_plan_tasks()
    assert len(tasks) == len(demo_plans.TASKS) == 41
    for section, phrase in KEY_PHRASES:
        assert any(t.section == section and plain(phrase) in plain(t.description) for t in tasks), phrase
    plan = tasks[0].plan
    # Recorded from the paper of 28/04/2021: no task is an amendment.
    assert documents.split_amendments(plan, list(selectors.plan_tasks(plan=plan)))[1] == []

    client = Client()
    client.force_login(User.objects.get(username="province"))
    url = reverse("steering:plan_pdf", args=[plan.pk])
    pdf = norm(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(client.get(url).content)).pages))
    for text in (pdf, word_text(client.get(url + "?format=docx").content)):
        assert "BAN THƯỜNG TRỰC" in text and "TM. BAN THƯỜNG TRỰC" in text and "Lê Văn Cần" in text
        assert "Số: 98/KH-MT" in text
        assert "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Hải Dương xây dựng Kế hoạch" in text
        assert "giới thiệu cách nhận biết hàng thật, hàng giả" in text
        assert "BTG: Ban Tuyên giáo Tỉnh ủy" in text and "STTTT: Sở Thông tin và Truyền thông" in text
        assert "HLHPN: Hội Liên hiệp Phụ nữ tỉnh" in text
        assert "- Ban TT Ủy ban MTTQ các huyện, TX, TP;" in text and "- Lưu." in text
        assert "2. Cấp huyện" in text and AMENDMENTS not in text
