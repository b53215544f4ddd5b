"""Plans and tasks: saving, cascading, status transitions, recurrence and overdue computation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from steering.models import ContentArea, LeadKind, MemberRole, PlanTask, Recurrence, TaskStatus, TaskUpdate
from steering.plans import selectors, services
from tests.steering import plans_fixtures
from tests.steering.factories import UnitFactory
from tests.steering.plans_factories import TaskFactory

world = plans_fixtures.world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _task(world, **kwargs):
    values = {
        "plan": world.plan,
        "content_area": ContentArea.PROPAGANDA,
        "title": "Tuyên truyền về Cuộc vận động",
        "lead_kind": LeadKind.AGENCY,
        "lead_agency": world.standing_body,
        "due_date": datetime.date(2021, 6, 15),
    }
    values.update(kwargs)
    return services.task_save(**values)


# --- saving ----------------------------------------------------------------------------------------------


def test_it_creates_a_task_led_by_an_agency_with_co_operating_agencies(world):
    task = _task(world, co_agencies=[world.industry], expected_output="Báo cáo kết quả")
    assert task.unit == world.plan.unit
    assert list(task.co_agencies.all()) == [world.industry]
    assert task.current_due == datetime.date(2021, 6, 15) and task.is_open
    assert task.lead_label == "Ủy ban MTTQ Việt Nam tỉnh"


def test_it_keeps_a_position_lead_across_a_change_of_person(world):
    task = _task(
        world,
        lead_kind=LeadKind.POSITION,
        lead_agency=None,
        lead_committee=world.province_committee,
        lead_role=MemberRole.STANDING_DEPUTY,
    )
    assert task.lead_agency is None and task.lead_role == MemberRole.STANDING_DEPUTY
    assert "Phó Trưởng ban thường trực" in str(task.lead_label) or "Standing deputy" in str(task.lead_label)


def test_it_refuses_a_due_date_before_the_plan(world):
    with pytest.raises(ValidationError) as exc:
        _task(world, due_date=datetime.date(2021, 4, 1))
    assert "due_date" in exc.value.message_dict
    assert not PlanTask.objects.exists()


@pytest.mark.parametrize(
    "lead",
    [
        {"lead_kind": "", "lead_agency": None},
        {"lead_kind": LeadKind.AGENCY, "lead_agency": None},
        {"lead_kind": LeadKind.COMMITTEE, "lead_agency": None, "lead_committee": None},
        {"lead_kind": LeadKind.POSITION, "lead_agency": None, "lead_role": ""},
    ],
)
def test_it_refuses_a_task_without_a_lead(world, lead):
    if lead.get("lead_kind") == LeadKind.POSITION:
        lead["lead_committee"] = world.province_committee
    with pytest.raises(ValidationError):
        _task(world, **lead)
    assert not PlanTask.objects.exists()


def test_it_refuses_a_lead_outside_the_plan(world, tree):
    from tests.steering.factories import AgencyFactory

    with pytest.raises(ValidationError) as exc:
        _task(world, lead_agency=AgencyFactory(unit=tree.district))
    assert "lead_agency" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # a committee two levels down is not "one level below"
        _task(world, lead_kind=LeadKind.COMMITTEE, lead_agency=None, lead_committee=world.province_committee)
    assert "lead_committee" in exc.value.message_dict


def test_it_refuses_a_duplicate_plan_number(world):
    with pytest.raises(ValidationError) as exc:
        services.plan_save(unit=world.plan.unit, number="98/kh-mt", date=datetime.date(2021, 5, 1), title="Khác")
    assert "number" in exc.value.message_dict


# --- cascade ---------------------------------------------------------------------------------------------


def test_it_cascades_a_task_to_every_committee_one_level_down(world, tree):
    task = _task(world, co_agencies=[world.industry])
    third = UnitFactory(code="292", name="Thị xã Kinh Môn", division_type="thi_xa", parent=tree.province)

    result = services.task_cascade(task=task)

    assert sorted(c.unit.code for c in result.created) == ["288", "291"]
    assert result.without_committee == [third]
    copy = task.copies.get(unit=tree.district)
    assert copy.lead_kind == LeadKind.COMMITTEE and copy.lead_committee == world.district_committee
    assert copy.plan == task.plan and copy.due_date == task.due_date and copy.status == TaskStatus.NOT_STARTED
    assert copy.lead_label == "Ban Chỉ đạo Huyện Nam Sách" or "Huyện Nam Sách" in str(copy.lead_label)


def test_it_cascades_only_once_per_unit(world, tree):
    task = _task(world)
    services.task_cascade(task=task)
    again = services.task_cascade(task=task)
    assert again.created == [] and len(again.existing) == 2
    assert task.copies.count() == 2


def test_a_district_copy_cascades_to_its_communes(world, tree):
    from tests.steering.factories import CommitteeFactory

    CommitteeFactory(unit=tree.commune)
    copy = services.task_cascade(task=_task(world)).created[0]
    copy = PlanTask.objects.get(unit=tree.district, parent_task__isnull=False)
    result = services.task_cascade(task=copy)
    assert [c.unit for c in result.created] == [tree.commune]


def test_it_cannot_cascade_below_the_lowest_level(world, tree):
    from tests.steering.factories import CommitteeFactory

    CommitteeFactory(unit=tree.commune)
    services.task_cascade(task=_task(world))
    district_copy = PlanTask.objects.get(unit=tree.district)
    commune_copy = services.task_cascade(task=district_copy).created[0]
    with pytest.raises(ValidationError):
        services.task_cascade(task=commune_copy)


# --- status transitions ----------------------------------------------------------------------------------


def test_it_closes_a_one_off_task_when_done(world, users):
    task = _task(world)
    services.task_update_post(task=task, status=TaskStatus.IN_PROGRESS, note="Đang triển khai", author=users.office)
    update = services.task_update_post(task=task, status=TaskStatus.DONE, note="Đã tổ chức 3 hội nghị")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and not task.is_open
    assert update.due_covered == datetime.date(2021, 6, 15)
    assert list(task.updates.values_list("status", flat=True)) == [TaskStatus.DONE, TaskStatus.IN_PROGRESS]


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.BLOCKED])
def test_it_wants_a_note_when_done_or_blocked(world, status):
    task = _task(world)
    with pytest.raises(ValidationError) as exc:
        services.task_update_post(task=task, status=status, note="  ")
    assert "note" in exc.value.message_dict
    assert not TaskUpdate.objects.exists()


def test_it_refuses_impossible_transitions(world):
    task = _task(world)
    with pytest.raises(ValidationError):
        services.task_update_post(task=task, status=TaskStatus.NOT_STARTED)
    services.task_update_post(task=task, status=TaskStatus.DONE, note="Xong")
    with pytest.raises(ValidationError) as exc:
        services.task_update_post(task=task, status=TaskStatus.BLOCKED, note="Vướng")
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.task_update_post(task=task, status="finished", note="x")


def test_a_done_task_can_be_reopened(world):
    task = _task(world)
    services.task_update_post(task=task, status=TaskStatus.DONE, note="Xong")
    services.task_update_post(task=task, status=TaskStatus.IN_PROGRESS, note="Bổ sung")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.is_open


def test_a_blocked_task_can_resume(world):
    task = _task(world)
    services.task_update_post(task=task, status=TaskStatus.BLOCKED, note="Chờ kinh phí")
    services.task_update_post(task=task, status=TaskStatus.IN_PROGRESS)
    assert PlanTask.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS


def test_a_recurring_task_moves_to_its_next_deadline_when_done(world):
    task = _task(world, recurrence=Recurrence.SIX_MONTHLY, due_date=datetime.date(2021, 6, 14))
    assert task.recur_until == datetime.date(2021, 12, 31)
    services.task_update_post(task=task, status=TaskStatus.DONE, note="Báo cáo 6 tháng")
    task.refresh_from_db()
    assert task.is_open and task.current_due == datetime.date(2021, 12, 14)
    # done for this cycle; the next report is the next cycle
    assert TaskStatus.DONE in services.task_allowed_statuses(task=task)
    services.task_update_post(task=task, status=TaskStatus.DONE, note="Báo cáo năm")
    task.refresh_from_db()
    assert not task.is_open and task.current_due == datetime.date(2021, 12, 14)


def test_evidence_must_be_a_document_or_image(world):
    task = _task(world)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        services.task_update_post(task=task, status=TaskStatus.DONE, note="Xong", files=[bad])
    assert "evidence" in exc.value.message_dict
    assert not TaskUpdate.objects.exists()
    assert PlanTask.objects.get(pk=task.pk).status == TaskStatus.NOT_STARTED


def test_evidence_over_10_mb_is_refused(world):
    task = _task(world)
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        services.task_update_post(task=task, status=TaskStatus.DONE, note="Xong", files=[big])
    assert "evidence" in exc.value.message_dict
    assert not TaskUpdate.objects.exists()


def test_evidence_is_stored_with_the_update(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = _task(world)
    update = services.task_update_post(
        task=task, status=TaskStatus.DONE, note="Xong", files=[SimpleUploadedFile("biên bản.pdf", PDF)]
    )
    evidence = update.evidence.get()
    assert evidence.name == "biên bản.pdf" and evidence.size == len(PDF)
    assert evidence.file.name.startswith("plans/evidence/") and evidence.file.name.endswith(".pdf")


# --- overdue ---------------------------------------------------------------------------------------------


def test_overdue_is_an_open_task_past_its_current_deadline(world):
    late = _task(world, due_date=datetime.date(2021, 6, 1))
    on_time = _task(world, due_date=datetime.date(2021, 12, 1))
    done_late = _task(world, due_date=datetime.date(2021, 5, 1))
    services.task_update_post(task=done_late, status=TaskStatus.DONE, note="Xong")
    undated = _task(world, due_date=None)
    today = datetime.date(2021, 7, 1)

    overdue = set(PlanTask.objects.filter(selectors.overdue_q(today)).values_list("pk", flat=True))

    assert overdue == {late.pk}
    assert services.task_is_overdue(task=late, today=today)
    for task in (on_time, done_late, undated):
        task.refresh_from_db()
        assert not services.task_is_overdue(task=task, today=today)
    assert not services.task_is_overdue(task=late, today=datetime.date(2021, 6, 1))  # due today is not late


def test_a_recurring_task_done_for_the_cycle_is_late_again_after_the_next_deadline(world):
    task = _task(world, recurrence=Recurrence.SIX_MONTHLY, due_date=datetime.date(2021, 6, 14))
    services.task_update_post(task=task, status=TaskStatus.DONE, note="6 tháng")
    task.refresh_from_db()
    assert not services.task_is_overdue(task=task, today=datetime.date(2021, 7, 1))
    assert services.task_is_overdue(task=task, today=datetime.date(2021, 12, 15))


def test_the_plan_shows_progress_per_area_and_assignee(world, tree):
    a = _task(world)
    b = _task(world, content_area=ContentArea.TRADE, lead_agency=world.industry, due_date=datetime.date(2021, 5, 1))
    services.task_cascade(task=a)
    services.task_update_post(task=a, status=TaskStatus.DONE, note="Xong")
    copy = a.copies.get(unit=tree.district)
    services.task_update_post(task=copy, status=TaskStatus.BLOCKED, note="Chờ")
    today = datetime.date(2021, 7, 1)

    by_area = {r.label: r for r in selectors.plan_progress_by_area(plan=world.plan, today=today)}
    propaganda = by_area[ContentArea.PROPAGANDA.label]
    assert (propaganda.total, propaganda.done, propaganda.blocked, propaganda.overdue) == (3, 1, 1, 2)
    trade = by_area[ContentArea.TRADE.label]
    assert (trade.total, trade.overdue, trade.percent_done) == (1, 1, 0)

    by_lead = {str(r.label): r for r in selectors.plan_progress_by_assignee(plan=world.plan, today=today)}
    assert by_lead["Ủy ban MTTQ Việt Nam tỉnh"].done == 1
    assert by_lead["Sở Công Thương"].overdue == 1
    assert len(by_lead) == 4  # two agencies, two district committees
    del b


def test_task_factory_builds_consistent_rows(world):
    task = TaskFactory(plan=world.plan)
    assert task.unit == world.plan.unit and task.current_due == task.due_date


def test_an_issued_plan_holds_its_tasks_and_prints_later_ones_only_as_amendments(world, users, settings, tmp_path):
    """Issuing prints every task of the draft (entered after the draft's date or not); once issued, a task added
    after the issue date is an amendment, never part of the plan as issued."""
    import io

    import pypdf
    from django.utils import timezone

    from campaign_portal.documents.content import Issuer
    from steering.plans import documents

    settings.MEDIA_ROOT = tmp_path
    plan = world.plan
    plan.number = ""
    plan.save(update_fields=["number"])
    _task(world, title="Nhiệm vụ có khi ban hành")  # entered today, after the draft's date 28/04/2021
    issued = services.plan_issue(plan=plan, by=users.office)
    reader = pypdf.PdfReader(io.BytesIO(issued.pdf.open("rb").read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Nhiệm vụ có khi ban hành" in text and "SỬA ĐỔI, BỔ SUNG" not in text

    plan.refresh_from_db()
    later = _task(world, title="Nhiệm vụ thêm sau khi ban hành", due_date=None)
    PlanTask.objects.filter(pk=later.pk).update(created_at=timezone.now() + datetime.timedelta(days=1))
    tasks = list(selectors.plan_tasks(plan=plan))
    own, amendments = documents.split_amendments(plan, tasks)
    assert [t.title for t in own] == ["Nhiệm vụ có khi ban hành"]
    assert [t.title for t in amendments] == ["Nhiệm vụ thêm sau khi ban hành"]
    document = documents.plan_document(
        plan=plan, tasks=tasks, cascaded_units={}, issuer=Issuer.of(services.plan_issuer(plan=plan))
    )
    assert any(getattr(b, "text", "") == documents.AMENDMENTS_TITLE for b in document.annex)
