"""Hostile form data (issue 7, Security): every POST form of the portal, found by walking the URL configuration
and parsing each in-scope page as a persona allowed to use it, gets random and hostile values from hypothesis.

Never a 500; markup typed into a form never comes back unescaped on the page that answers the post, the page it
redirects to, or the list pages; uploads with a hostile name and HTML content posing as PDF/JPEG/XLSX are refused.
A page that gains a POST form must be added to FORM_PAGES (test_every_form_page_is_covered fails naming it).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as settings_module
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting import services as reporting_services
from reporting.models import Report
from tests.portal import test_authorization_matrix as matrix
from tests.portal.test_authorization_matrix import build_path, route_values
from tests.portal.world import HtmlForm, page_forms

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SHORT = "<i>x</i>"
RAW_MARKUP = [SCRIPT.encode(), b"<img src=x onerror=alert(1)>", SHORT.encode()]

HOSTILE = [
    "A" * 10_000,
    "Đ" * 10_000,
    "\x00",
    "abc\x00def",
    "\x1f\x07\x1b[31m",
    "\u202egnp.exe",
    "\ufeff",
    "\u200b",
    SCRIPT,
    IMG,
    SHORT,
    "{{ 7*7 }}{% debug %}",
    "'; DROP TABLE steering_plan;--",
    "1' OR '1'='1",
    "1e308",
    "-1e308",
    str(10**40),
    "-1",
    "0",
    "NaN",
    "Infinity",
    "0x1F",
    "1,5",
    "2021-02-30",
    "31/12/2021",
    "9999-12-31",
    "0001-01-01",
    "99999999999999999999",
    "e\u0301\u0301\u0301",
    "👍🏽👨‍👩‍👧",
    "مرحبا بالعالم",
    unicodedata.normalize("NFD", "Hải Dương Nam Sách"),
    "",
    " ",
    "../../../../etc/passwd",
    "null",
    "[]",
    "{}",
    "true",
]

# Pages that carry a POST form (URL name -> querystring used to reach the form). Keep in step with the portal.
FORM_PAGES: dict[str, str] = {
    "two_factor": "",
    "password_change": "",
    "exports:list": "",
    "exports:verify": "",
    "exports:verify_pdf": "",
    "documents:certificates": "",
    "consolidation:detail": "",
    "steering:committee_create": "",
    "steering:agency_create": "",
    "steering:agency_edit": "",
    "steering:decision_create": "",
    "steering:membership_create": "",
    "steering:membership_end": "",
    "steering:membership_replace": "",
    "steering:plan_create": "",
    "steering:plan_detail": "",
    "steering:plan_edit": "",
    "steering:task_create": "",
    "steering:task_detail": "",
    "steering:task_edit": "",
    "steering:visit_create": "",
    "steering:assignment_end": "",
    "steering:visit_edit": "",
    "steering:assignment_create": "",
    "steering:activity_create": "?kind=fair",
    "steering:activity_detail": "",
    "steering:activity_edit": "",
    "reporting:period_open": "",
    "reporting:period_edit": "",
    "reporting:report_detail": "",
    "reporting:report_edit": "",
    "reporting:template_list": "",
    "reporting:template_indicator_create": "",
    "reporting:template_indicator_edit": "",
    "reporting:template_section_create": "",
    "reporting:template_section_edit": "",
    "inspections:create": "",
    "inspections:detail": "",
    "inspections:edit": "",
    "inspections:follow_up_detail": "",
    "inspections:plan_create": "",
    "inspections:plan_detail": "",
    "inspections:plan_edit": "",
    "inspections:plan_target_add": "",
    "inspections:business_create": "",
    "inspections:business_import": "",
    "inspections:business_edit": "",
}

# Lists where saved text shows up again.
LIST_PAGES = [
    "/",
    "/units/",
    "/committees/",
    "/plans/",
    "/tasks/",
    "/monitoring/",
    "/activities/",
    "/audit/",
    "/reports/",
    "/exports/",
    "/inspections/",
    "/inspections/plans/",
    "/inspections/businesses/",
    "/inspections/follow-ups/",
    "/inspections/summary/",
]

# Rows an upload would create.
FILE_MODELS = [
    "steering.PlanAttachment",
    "steering.TaskEvidence",
    "reporting.ReportAttachment",
    "inspections.InspectionPhoto",
    "inspections.Business",
]

PERSONAS_TRIED = ("office", "district", "commune", "inspector")

# The matrix's module-scoped world and URL list, built once for this module too.
world = matrix.world
routes = matrix.routes


@dataclass
class FoundForm:
    page: str  # URL name of the page showing the form
    persona: str
    path: str  # the page
    form: HtmlForm

    @property
    def action(self) -> str:
        return self.form.action or self.path

    def __str__(self) -> str:
        return f"{self.page} as {self.persona}: POST {self.action}"


@pytest.fixture(scope="module")
def home_samples(world, django_db_blocker):
    """A submitted report of Nam Sách, so that its page shows the reviewer's form."""
    with django_db_blocker.unblock():
        report = Report.objects.get(period=world.home_period, unit=world.units["291"], agency__isnull=True)
        reporting_services.report_submit(
            report=report, version=report.version, by=world.users["district"], values={}, sections={}
        )
        report.refresh_from_db()
    return {"reporting:report_detail": {"pk": report.pk}}


@pytest.fixture(scope="module")
def discovered(world, routes, home_samples, django_db_blocker) -> dict[str, list[FoundForm]]:
    """Every POST form, per page, as the first persona that is allowed to open the in-scope page."""
    found: dict[str, list[FoundForm]] = {}
    clients = {}
    with django_db_blocker.unblock():
        for persona in PERSONAS_TRIED:
            clients[persona] = Client()
            clients[persona].force_login(world.users[persona])
        for route in routes:
            if route.is_admin or route.name in ("login", "logout"):
                continue
            try:
                values, _kind = route_values(route, world.home)
            except KeyError:
                continue  # the matrix reports URLs without samples
            values = home_samples.get(route.name, values)
            path = build_path(route, values) + FORM_PAGES.get(route.name, "")
            for persona in PERSONAS_TRIED:
                response = clients[persona].get(path)
                if response.status_code != 200 or response.streaming:
                    continue
                if "html" not in response.get("Content-Type", ""):
                    continue
                forms = page_forms(response.content.decode(errors="replace"), path)
                if forms:
                    found[route.name] = [FoundForm(route.name, persona, path, f) for f in forms]
                    break
    return found


def raw_markup(response) -> list[bytes]:
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    return [needle for needle in RAW_MARKUP if needle in response.content]


def file_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in FILE_MODELS}


class Poster:
    """Posts as the form's persona and records what went wrong."""

    def __init__(self, world, found: FoundForm):
        self.found = found
        self.client = Client()
        self.client.force_login(world.users[found.persona])
        self.problems: list[str] = []

    def post(self, data: dict, *, what: str):
        try:
            response = self.client.post(self.found.action, data)
        except Exception as exc:  # noqa: BLE001 - the test client re-raises what would be a 500
            self.problems.append(f"{self.found} ({what}): raised {type(exc).__name__}: {str(exc)[:300]}")
            return None
        if response.status_code >= 500:
            self.problems.append(f"{self.found} ({what}): {response.status_code}")
        shown = raw_markup(response)
        if shown:
            self.problems.append(f"{self.found} ({what}): the answer shows {shown} unescaped")
        if response.status_code == 302:
            location = response["Location"]
            if not urlsplit(location).netloc:
                self.check_page(location, after=what)
        return response

    def check_page(self, path: str, *, after: str) -> None:
        try:
            response = self.client.get(path)
        except Exception as exc:  # noqa: BLE001
            self.problems.append(f"GET {path} after {self.found} ({after}): raised {type(exc).__name__}: {exc}")
            return
        if response.status_code >= 500:
            self.problems.append(f"GET {path} after {self.found} ({after}): {response.status_code}")
        shown = raw_markup(response)
        if shown:
            self.problems.append(f"GET {path} after {self.found} ({after}): shows {shown} unescaped")


def markup_payload(form: HtmlForm) -> dict:
    """The untouched form, with markup in every free-text field (short fields get the short tag)."""
    data = form.payload()
    for f in form.fields:
        if not f.name or f.name == "csrfmiddlewaretoken":
            continue
        if f.tag == "textarea" or (f.tag == "input" and f.type in ("text", "search", "")):
            if f.maxlength is not None and f.maxlength < len(SCRIPT):
                data[f.name] = [SHORT]
            else:
                data[f.name] = [SCRIPT + IMG if f.tag == "textarea" else SCRIPT]
    return data


def value_strategy(default: list[str]):
    hostile = st.sampled_from(HOSTILE)
    return st.one_of(
        st.just(default),
        hostile.map(lambda v: [v]),
        st.lists(hostile, min_size=2, max_size=3),  # a field sent several times
        st.text(max_size=40).map(lambda v: [v]),
        st.integers(min_value=-(10**30), max_value=10**30).map(lambda v: [str(v)]),
        st.floats(allow_nan=True, allow_infinity=True).map(lambda v: [repr(v)]),
    )


HYPOTHESIS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def hostile_run(poster: Poster, base: dict, names: list[str]):
    @HYPOTHESIS
    @given(st.fixed_dictionaries({n: value_strategy(base.get(n, [""])) for n in names}))
    def hostile(values):
        poster.post({**base, **values}, what=f"hostile values {str(values)[:300]}")

    return hostile


# --- the tests ----------------------------------------------------------------------------------------------------


def test_every_form_page_is_covered(discovered):
    """A page that gains a POST form must be listed in FORM_PAGES; a listed page that lost it, removed."""
    new = sorted(set(discovered) - set(FORM_PAGES))
    gone = sorted(set(FORM_PAGES) - set(discovered))
    assert not new, f"Pages with POST forms missing from FORM_PAGES: {new}"
    assert not gone, f"FORM_PAGES lists pages where no persona finds a POST form any more: {gone}"


ON_SQLITE = "sqlite" in settings_module.DATABASES["default"]["ENGINE"]

# Bugs this file found, fixed since: each stays as a one-line reproduction in test_known_bug below.


@pytest.mark.parametrize("page", sorted(FORM_PAGES))
def test_hostile_values_never_break_a_form(world, discovered, page):
    forms = discovered.get(page)
    if not forms:
        pytest.fail(f"{page}: no persona found its POST form (see test_every_form_page_is_covered)")
    problems: list[str] = []
    for found in forms:
        poster = Poster(world, found)
        base = found.form.payload()
        names = [n for n in found.form.names if n != "csrfmiddlewaretoken"]

        # 1. Markup in every text field, the rest as the form came: it is saved where the form allows it, and
        # must come back escaped on the answer, the page redirected to and the lists.
        poster.post(markup_payload(found.form), what="markup in every text field")
        for path in LIST_PAGES:
            poster.check_page(path, after="markup in every text field")

        # 2. Random and hostile values in every field.
        if names:
            hostile_run(poster, base, names)()

        # 3. Uploads: a hostile name over HTML content posing as the expected type.
        for field_name in found.form.file_fields:
            for suffix in (".pdf", ".jpg", ".xlsx", ".docx"):
                before = file_counts()
                upload = SimpleUploadedFile(
                    f"{IMG}{SCRIPT}{'x' * 300}\x00{suffix}".replace("/", "-"),
                    f"<html><body>{SCRIPT}</body></html>".encode(),
                    content_type="application/pdf",
                )
                poster.post({**markup_payload(found.form), field_name: upload}, what=f"HTML as {suffix}")
                after = file_counts()
                if after != before:
                    problems.append(f"{found}: HTML posing as {suffix} was stored ({before} -> {after})")
        problems += poster.problems
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


# (page, field, value): one bad field that once made a 500 (a non-UUID client_uuid reaching a UUID lookup; a
# non-numeric committee id reaching a filter; a 41-digit id overflowing SQLite's integers).
REPRODUCTIONS = [
    pytest.param("inspections:create", "client_uuid", "abc", id="inspection-create-bad-uuid"),
    pytest.param("inspections:edit", "client_uuid", "abc", id="inspection-edit-bad-uuid"),
    pytest.param("inspections:plan_create", "committee", "abc", id="inspection-plan-create-bad-committee"),
    pytest.param("inspections:plan_create", "committee", str(10**40), id="inspection-plan-create-huge-committee"),
    pytest.param("inspections:plan_edit", "team", str(10**40), id="inspection-plan-team-overflow"),
    pytest.param("steering:task_create", "co_agencies", str(10**40), id="task-create-overflow"),
    pytest.param("steering:task_edit", "co_agencies", str(10**40), id="task-edit-overflow"),
]


@pytest.mark.parametrize(("page", "field_name", "value"), REPRODUCTIONS)
def test_known_bug(world, discovered, page, field_name, value):
    """One bad field on an otherwise untouched form: a form error, never a 500."""
    found = discovered[page][0]
    client = Client()
    client.force_login(world.users[found.persona])
    response = client.post(found.action, {**found.form.payload(), field_name: [value]})
    assert response.status_code in (200, 400)


@pytest.fixture(autouse=True)
def _quiet_refusals():
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)
