"""Every plan, task, monitoring and activity view and download, for every persona:
anonymous -> login, outsider -> 404, read-only -> 403, allowed -> 200; and bad input shown on the form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from steering.models import (
    Activity,
    ActivityKind,
    LeadKind,
    MemberRole,
    PlanAttachment,
    PlanTask,
    TaskEvidence,
    TaskStatus,
    TaskUpdate,
)
from steering.plans import services
from tests.steering import plans_fixtures
from tests.steering.plans_factories import ActivityFactory, AssignmentFactory, TaskFactory, VisitFactory

pytestmark = pytest.mark.django_db

world = plans_fixtures.world
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def objs(world, tree, users):
    """A provincial task cascaded to the districts, with evidence on Nam Sách's copy, an attachment, an
    assignment following Nam Sách with a visit, and an activity of Nam Sách."""

    class Objs:
        plan = world.plan
        task = TaskFactory(plan=world.plan, lead_agency=world.standing_body)

    services.task_cascade(task=Objs.task)
    Objs.copy = PlanTask.objects.get(parent_task=Objs.task, unit=tree.district)
    Objs.update = services.task_update_post(
        task=Objs.copy, status=TaskStatus.IN_PROGRESS, files=[SimpleUploadedFile("bien-ban.pdf", PDF)]
    )
    Objs.evidence = Objs.update.evidence.get()
    Objs.attachment = services.plan_attachment_add(plan=world.plan, file=SimpleUploadedFile("ke-hoach.pdf", PDF))
    Objs.assignment = AssignmentFactory(
        committee=world.province_committee, membership=world.deputy, units=[tree.district]
    )
    VisitFactory(assignment=Objs.assignment, unit=tree.district)
    Objs.activity = ActivityFactory(unit=tree.district)
    return Objs


# (name, url builder, who may read, write?)
PROVINCE_READ = [
    lambda o: reverse("steering:plan_detail", args=[o.plan.pk]),
    lambda o: reverse("steering:plan_pdf", args=[o.plan.pk]),
    lambda o: reverse("steering:plan_xlsx", args=[o.plan.pk]),
    lambda o: reverse("steering:plan_attachment_download", args=[o.attachment.pk]),
    lambda o: reverse("steering:task_detail", args=[o.task.pk]),
]
DISTRICT_READ = [
    lambda o: reverse("steering:task_detail", args=[o.copy.pk]),
    lambda o: reverse("steering:evidence_download", args=[o.evidence.pk]),
    lambda o: reverse("steering:assignment_detail", args=[o.assignment.pk]),
    lambda o: reverse("steering:activity_detail", args=[o.activity.pk]),
]
PROVINCE_WRITE = [
    lambda o: reverse("steering:plan_edit", args=[o.plan.pk]),
    lambda o: reverse("steering:task_create", args=[o.plan.pk]),
    lambda o: reverse("steering:task_edit", args=[o.task.pk]),
    lambda o: reverse("steering:assignment_create", args=[o.assignment.committee.pk]),
]
PROVINCE_POST = [
    lambda o: reverse("steering:plan_attachment_add", args=[o.plan.pk]),
    lambda o: reverse("steering:task_cascade", args=[o.task.pk]),
    lambda o: reverse("steering:task_update_create", args=[o.task.pk]),
]
DISTRICT_WRITE = [
    lambda o: reverse("steering:activity_edit", args=[o.activity.pk]),
]
DISTRICT_POST = [
    lambda o: reverse("steering:task_update_create", args=[o.copy.pk]),
    lambda o: reverse("steering:activity_delete", args=[o.activity.pk]),
]
LISTS = ["steering:plan_list", "steering:task_list", "steering:assignment_list", "steering:activity_list"]
ALL = PROVINCE_READ + DISTRICT_READ + PROVINCE_WRITE + PROVINCE_POST + DISTRICT_WRITE + DISTRICT_POST


@pytest.mark.parametrize("make_url", ALL + [lambda o, n=n: reverse(n) for n in LISTS])
def test_it_sends_anonymous_users_to_login(client, objs, make_url):
    response = client.get(make_url(objs))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("make_url", ALL)
def test_it_hides_everything_from_a_sibling_district_and_another_province(client_for, users, objs, make_url):
    url = make_url(objs)
    post_only = make_url in PROVINCE_POST + DISTRICT_POST
    for user in (users.outsider, users.other_office):
        assert client_for(user).get(url).status_code == (405 if post_only else 404), user.username
        assert client_for(user).post(url, {}).status_code == 404, user.username


@pytest.mark.parametrize("make_url", PROVINCE_READ)
def test_a_district_does_not_see_the_provincial_plan(client_for, users, objs, make_url):
    assert client_for(users.district).get(make_url(objs)).status_code == 404


@pytest.mark.parametrize("make_url", PROVINCE_READ + DISTRICT_READ)
def test_the_viewer_and_the_office_read_everything(client_for, users, objs, make_url):
    url = make_url(objs)
    for user in (users.viewer, users.office, users.admin):
        assert client_for(user).get(url).status_code == 200, user.username


@pytest.mark.parametrize("make_url", DISTRICT_READ)
def test_the_district_reads_its_own_copy_files_and_records(client_for, users, objs, make_url):
    assert client_for(users.district).get(make_url(objs)).status_code == 200


@pytest.mark.parametrize("make_url", PROVINCE_WRITE + PROVINCE_POST + DISTRICT_WRITE + DISTRICT_POST)
def test_read_only_users_cannot_change_anything(client_for, users, objs, make_url):
    url = make_url(objs)
    assert client_for(users.viewer).post(url, {}).status_code == 403
    if make_url not in PROVINCE_POST + DISTRICT_POST:
        assert client_for(users.viewer).get(url).status_code == 403


@pytest.mark.parametrize("make_url", PROVINCE_WRITE)
def test_a_district_cannot_change_the_provincial_plan(client_for, users, objs, make_url):
    assert client_for(users.district).get(make_url(objs)).status_code == 404


def test_a_district_cannot_edit_its_copy_definition(client_for, users, objs):
    assert client_for(users.district).get(reverse("steering:task_edit", args=[objs.copy.pk])).status_code == 403


@pytest.mark.parametrize("make_url", PROVINCE_WRITE + DISTRICT_WRITE)
def test_the_office_opens_every_form(client_for, users, objs, make_url):
    assert client_for(users.office).get(make_url(objs)).status_code == 200


def test_a_guessed_file_url_out_of_scope_is_a_404(client_for, users, objs, tree):
    other = TaskFactory(plan=objs.plan, lead_agency=objs.plan.unit.agencies.first())
    other_copy = services.task_cascade(task=other).created
    hai_duong_copy = next(c for c in other_copy if c.unit == tree.other_district)
    update = services.task_update_post(
        task=hai_duong_copy, status=TaskStatus.IN_PROGRESS, files=[SimpleUploadedFile("x.pdf", PDF)]
    )
    evidence = update.evidence.get()
    client = client_for(users.district)
    assert client.get(reverse("steering:evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("steering:evidence_download", args=[999999])).status_code == 404
    assert client.get(reverse("steering:plan_attachment_download", args=[objs.attachment.pk])).status_code == 404


def test_a_download_is_an_attachment_with_nosniff(client_for, users, objs):
    response = client_for(users.district).get(reverse("steering:evidence_download", args=[objs.evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


# --- who may post progress -------------------------------------------------------------------------------


def test_the_district_posts_progress_on_its_copy_not_on_the_provincial_task(client_for, users, objs):
    client = client_for(users.district)
    url = reverse("steering:task_update_create", args=[objs.copy.pk])
    response = client.post(url, {"status": TaskStatus.DONE, "note": "Đã triển khai tới 100% xã"})
    assert response.status_code == 302
    objs.copy.refresh_from_db()
    assert objs.copy.status == TaskStatus.DONE and not objs.copy.is_open
    # the commune below sees nothing of the district's copy
    assert client_for(users.commune).post(url, {"status": "done", "note": "x"}).status_code == 404


def test_the_position_holder_posts_progress_on_the_positions_task(client_for, users, world, objs):
    task = services.task_save(
        plan=world.plan,
        content_area=4,
        title="Giúp cơ quan Thường trực xây dựng kế hoạch kiểm tra",
        lead_kind=LeadKind.POSITION,
        lead_committee=world.province_committee,
        lead_role=MemberRole.STANDING_DEPUTY,
    )
    url = reverse("steering:task_update_create", args=[task.pk])
    # the inspector holds the standing-deputy seat (world.deputy.person.user)
    assert client_for(users.inspector).post(url, {"status": "in_progress", "note": ""}).status_code == 302
    # an inspector who holds nothing else may read but not post on the agency's task
    assert (
        client_for(users.inspector)
        .post(reverse("steering:task_update_create", args=[objs.copy.pk]), {"status": "done", "note": "x"})
        .status_code
        == 403
    )


def test_a_bad_update_is_shown_on_the_form_and_nothing_is_saved(client_for, users, objs):
    before = TaskUpdate.objects.count()
    url = reverse("steering:task_update_create", args=[objs.copy.pk])
    client = client_for(users.district)
    response = client.post(url, {"status": "done", "note": ""})
    assert response.status_code == 400 and "note" in response.context["form"].errors
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(url, {"status": "done", "note": "Xong", "evidence": [big]})
    assert response.status_code == 400 and response.context["form"].errors
    exe = SimpleUploadedFile("setup.exe", b"MZ" + b"\x00" * 200)
    response = client.post(url, {"status": "done", "note": "Xong", "evidence": [exe]})
    assert response.status_code == 400 and "evidence" in response.context["form"].errors
    assert TaskUpdate.objects.count() == before and TaskEvidence.objects.count() == 1


# --- forms -----------------------------------------------------------------------------------------------


def test_the_office_records_a_plan(client_for, users, world):
    response = client_for(users.office).post(
        reverse("steering:plan_create"),
        {
            "number": "120/KH-MT",
            "date": "2021-06-01",
            "title": "Kiểm tra việc thực hiện cuộc vận động",
            "committee": world.province_committee.pk,
            "implements_number": "286/KH-MTTW-BCĐTWCVĐ",
            "implements_date": "2021-04-07",
        },
    )
    assert response.status_code == 302
    assert world.plan.unit.plans.filter(number="120/KH-MT", year=2021).exists()


def test_a_task_due_before_the_plan_or_without_a_lead_is_refused(client_for, users, world):
    url = reverse("steering:task_create", args=[world.plan.pk])
    client = client_for(users.office)
    response = client.post(
        url,
        {
            "content_area": 1,
            "title": "Sớm",
            "lead_kind": "agency",
            "lead_agency": world.standing_body.pk,
            "due_date": "2021-01-01",
            "recurrence": 0,
        },
    )
    assert response.status_code == 200 and "due_date" in response.context["form"].errors
    response = client.post(url, {"content_area": 1, "title": "Không ai", "lead_kind": "", "recurrence": 0})
    assert "lead_kind" in response.context["form"].errors
    response = client.post(url, {"content_area": 1, "title": "Không ai", "lead_kind": "agency", "recurrence": 0})
    assert "lead_agency" in response.context["form"].errors
    assert not PlanTask.objects.exists()
    response = client.post(
        url,
        {
            "content_area": 1,
            "title": "Tuyên truyền",
            "lead_kind": "agency",
            "lead_agency": world.standing_body.pk,
            "co_agencies": [world.industry.pk],
            "due_date": "2021-06-15",
            "recurrence": 0,
        },
    )
    assert response.status_code == 302 and PlanTask.objects.get().co_agencies.get() == world.industry


def test_an_attachment_of_the_wrong_type_is_refused(client_for, users, world):
    url = reverse("steering:plan_attachment_add", args=[world.plan.pk])
    response = client_for(users.office).post(url, {"file": SimpleUploadedFile("a.html", b"<script>x</script>")})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert not PlanAttachment.objects.exists()


def test_the_district_logs_a_fair_and_a_bad_figure_is_refused(client_for, users, tree):
    client = client_for(users.district)
    url = reverse("steering:activity_create") + "?kind=fair"
    page = client.get(url)
    assert "booths" in page.context["form"].fields and "attendees" not in page.context["form"].fields
    data = {
        "unit": tree.district.pk,
        "title": "Hội chợ",
        "date": "2021-05-01",
        "content_area": 4,
        "booths": "-3",
        "visitors": "nhiều",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert {"booths", "visitors"} <= set(response.context["form"].errors)
    assert not Activity.objects.exists()
    data.update(booths="40", visitors="5000", revenue_million_vnd="320,5")
    assert client.post(url, data).status_code == 302
    fair = Activity.objects.get()
    assert (fair.kind, fair.booths, fair.visitors, str(fair.revenue_million_vnd)) == ("fair", 40, 5000, "320.50")


def test_unit_staff_log_only_for_their_own_unit(client_for, users, tree):
    url = reverse("steering:activity_create") + "?kind=propaganda"
    data = {"unit": tree.commune.pk, "title": "Tuyên truyền", "date": "2021-05-01", "content_area": 1}
    response = client_for(users.district).post(url, data)
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert client_for(users.viewer).get(url).status_code == 403


def test_the_member_logs_a_visit(client_for, users, objs, tree):
    url = reverse("steering:visit_create", args=[objs.assignment.pk])
    assert client_for(users.district).get(url).status_code == 403
    response = client_for(users.inspector).post(
        url, {"unit": tree.district.pk, "date": "2021-06-20", "content": "Đôn đốc", "findings": ""}
    )
    assert response.status_code == 302
    assert objs.assignment.visits.count() == 2


# --- pages -----------------------------------------------------------------------------------------------


def test_the_unit_and_committee_pages_show_the_plan_work(client_for, users, objs, world, tree):
    page = client_for(users.district).get(reverse("steering:unit_detail", args=[tree.district.code]))
    html = page.content.decode()
    assert world.deputy.person.full_name in html  # the member who follows Nam Sách
    assert objs.copy.title in html and objs.activity.title in html
    page = client_for(users.office).get(reverse("steering:committee_detail", args=[world.province_committee.pk]))
    assert reverse("steering:assignment_detail", args=[objs.assignment.pk]) in page.content.decode()
    person = client_for(users.office).get(reverse("steering:person_detail", args=[world.deputy.person.pk]))
    assert person.status_code == 200 and tree.district.name in person.content.decode()
    assert (
        client_for(users.outsider).get(reverse("steering:person_detail", args=[world.deputy.person.pk])).status_code
        == 404
    )


def test_the_plan_exports(client_for, users, objs):
    client = client_for(users.office)
    pdf = client.get(reverse("steering:plan_pdf", args=[objs.plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("steering:plan_xlsx", args=[objs.plan.pk]))
    assert xlsx.content[:2] == b"PK"
    for name in ("steering:plan_list", "steering:task_list", "steering:activity_list", "steering:assignment_list"):
        response = client.get(reverse(name) + "?format=xlsx")
        assert response.status_code == 200 and response.content[:2] == b"PK", name


# --- query counts ----------------------------------------------------------------------------------------


def _grow(objs, world, tree, n):
    for i in range(n):
        task = TaskFactory(plan=world.plan, lead_agency=world.industry, due_date=datetime.date(2021, 6, 1 + i % 20))
        task.co_agencies.add(world.standing_body)
        services.task_cascade(task=task)
        ActivityFactory(unit=tree.commune if i % 2 else tree.district, kind=ActivityKind.CONFERENCE)
        a = AssignmentFactory(committee=world.province_committee, membership=world.deputy, units=[tree.district])
        VisitFactory(assignment=a, unit=tree.district)


@pytest.mark.parametrize(
    "make_url",
    [
        lambda o: reverse("steering:plan_list"),
        lambda o: reverse("steering:plan_detail", args=[o.plan.pk]),
        lambda o: reverse("steering:task_list"),
        lambda o: reverse("steering:task_list") + "?mine=on&overdue=on",
        lambda o: reverse("steering:activity_list"),
        lambda o: reverse("steering:assignment_list"),
        lambda o: reverse("steering:unit_detail", args=["291"]),
        lambda o: reverse("steering:committee_detail", args=[o.assignment.committee.pk]),
        lambda o: reverse("steering:task_detail", args=[o.task.pk]),
    ],
)
def test_list_pages_use_a_constant_number_of_queries(
    client_for, users, objs, world, tree, make_url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users.office)
    url = make_url(objs)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(objs, world, tree, 6)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_a_plan_recorded_from_paper_prints_under_the_issuer_of_its_number(client_for, users, world):
    """98/KH-MT is in the standing board's series (MT): its header and signature are the board's, even for a plan
    of the steering committee; a number of the committee's own series (…/KH-BCĐ) prints as the committee."""
    import io

    import pypdf

    services.task_save(
        plan=world.plan, content_area=1, title="Tuyên truyền", lead_kind=LeadKind.AGENCY, lead_agency=world.industry
    )
    client = client_for(users.office)

    def printed() -> str:
        content = client.get(reverse("steering:plan_pdf", args=[world.plan.pk])).content
        return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(content)).pages)

    text = printed()
    assert "Số: 98/KH-MT" in text and "TM. BAN THƯỜNG TRỰC" in text and "TM. BAN CHỈ ĐẠO" not in text
    world.plan.number = "05/KH-BCĐ"
    world.plan.save(update_fields=["number"])
    text = printed()
    assert "Số: 05/KH-BCĐ" in text and "TM. BAN CHỈ ĐẠO" in text and "TM. BAN THƯỜNG TRỰC" not in text
