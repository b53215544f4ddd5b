"""The authorization matrix, generated from the URL configuration (issue 7, Security).

Every URL pattern (pages, downloads, exports, the admin) x every Hải Dương persona x GET and POST, against objects
of another province (31) and, for the Nam Sách personas, of the sibling district (288): the response never carries
the foreign objects' marker or file contents, is never a 500, and a URL about a foreign object answers 404, 403,
405 or a redirect to a login page. A POST never changes anything under the foreign unit. List pages are also
tried with querystrings that name the foreign unit, period, committee or plan.

A URL whose kwargs tests/portal/world.py cannot fill fails `test_every_url_has_a_sample` by name.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from tests.portal.world import (
    FOREIGN_REFERENCES,
    LIST_QUERIES,
    PERSONAS,
    URL_SAMPLES,
    ObjectSet,
    build_world,
    page_forms,
)

pytestmark = pytest.mark.django_db

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
DENIED = {403, 404, 405}
NO_POST = {"logout"}  # would end the session the rest of the matrix runs in


# --- the URL configuration ---------------------------------------------------------------------------------------


@dataclass
class Route:
    name: str  # "namespace:name", or "<unnamed> route" for patterns without a name
    route: str
    chain: list  # the patterns from the root to this one
    params: list[str]  # kwarg names, then "_0", "_1" … for positional groups

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def collect_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(resolver, chain, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p, [*chain, p], ns)
            elif isinstance(p, URLPattern):
                full_chain = [*chain, p]
                route = "".join(str(x.pattern) for x in full_chain)
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name or f"<unnamed> {route}"
                params = []
                for x in full_chain:
                    regex = x.pattern.regex
                    params += list(regex.groupindex)
                    unnamed = regex.groups - len(regex.groupindex)
                    params += [f"_{i}" for i in range(unnamed)]
                routes.append(Route(name=name, route=route, chain=full_chain, params=params))

    walk(get_resolver(), [], "")
    return routes


def build_path(route: Route, values: dict) -> str:
    """The URL of `route` with `values` filled in (works for unnamed and regex patterns, unlike reverse())."""
    parts = []
    positional = iter([v for k, v in sorted(values.items()) if k.startswith("_")])
    for x in route.chain:
        candidates = normalize(x.pattern.regex.pattern)
        own = list(x.pattern.regex.groupindex)
        unnamed = x.pattern.regex.groups - len(own)
        local = {k: values[k] for k in own}
        for i in range(unnamed):
            local[f"_{i}"] = next(positional)
        for fmt, names in candidates:
            if set(names) == set(local):
                parts.append(fmt % {k: str(v) for k, v in local.items()})
                break
        else:
            raise AssertionError(f"cannot build {route.route} from {values}")
    return "/" + "".join(parts)


def admin_values(route: Route, s: ObjectSet) -> dict:
    """Kwargs of an admin URL: the set's object of the admin page's model where there is one."""
    bits = route.route.split("/")
    model = None
    if len(bits) > 3 and not bits[1].startswith("^"):
        try:
            model = apps.get_model(bits[1], bits[2])
        except (LookupError, ValueError):
            model = None
    obj = None
    if model is not None:
        obj = next((o for o in s.objects.values() if isinstance(o, model)), None)
        if obj is None and model._meta.model_name == "user":
            obj = s["export_job"].requested_by
    pk = obj.pk if obj is not None else 1
    values = {}
    for p in route.params:
        if p in ("object_id", "id", "pk", "_0"):
            values[p] = pk
        elif p == "_1":
            values[p] = 1
        elif p == "content_type_id":
            values[p] = ContentType.objects.get_for_model(type(s["plan"])).pk
        elif p == "app_label":
            values[p] = "steering"
        elif p == "url":
            values[p] = "steering/nothing-here/"
        else:
            raise KeyError(p)
    if "content_type_id" in values:
        values["object_id"] = s["plan"].pk
    return values


def route_values(route: Route, s: ObjectSet) -> tuple[dict, str | None]:
    """(kwargs, kind of object the URL is about) for `route` on set `s`; KeyError if the world has no sample."""
    if not route.params:
        return {}, None
    if route.is_admin:
        return admin_values(route, s), "admin"
    make, kind = URL_SAMPLES[route.name]
    values = make(s)
    missing = set(route.params) - set(values)
    if missing:
        raise KeyError(", ".join(sorted(missing)))
    return values, kind


# --- the world, once per module ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once and rolled back at the end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        built = None
        try:
            built = build_world()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            if built is not None:
                _delete_files(built)


def _delete_files(world) -> None:
    for s in [*world.foreign.values(), world.home]:
        for obj in s.objects.values():
            for f in getattr(obj, "_meta", None) and obj._meta.concrete_fields or []:
                if isinstance(f, models.FileField):
                    name = getattr(obj, f.attname)
                    if name:
                        default_storage.delete(str(name))


@pytest.fixture(scope="module")
def routes():
    return collect_routes()


@pytest.fixture(scope="module")
def payloads(world, routes):
    return PayloadCache(world, routes)


# --- what a response shows ----------------------------------------------------------------------------------------


def response_blobs(response) -> list[bytes]:
    """The bytes a person would read: the body, the text inside a PDF or workbook, and the headers."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    blobs = [body, repr(sorted(response.headers.items())).encode()]
    if body[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                blobs += [archive.read(n) for n in archive.namelist()]
        except zipfile.BadZipFile:
            pass
    elif body[:5] == b"%PDF-" and len(body) > 400:
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(body))
            blobs.append("\n".join(page.extract_text() or "" for page in reader.pages).encode())
        except Exception as exc:  # noqa: BLE001 - a PDF we cannot read is reported, not hidden
            blobs.append(f"unreadable PDF: {exc}".encode())
    return blobs


def leaks(response, s: ObjectSet) -> list[str]:
    blobs = response_blobs(response)
    found = []
    for needle in s.needles:
        if any(needle in blob for blob in blobs):
            found.append(needle[:40].decode(errors="replace"))
    return found


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.get("Location", "")).path in LOGIN_PATHS


# --- what the foreign set looks like to the database ---------------------------------------------------------------

# (model label, lookup to the unit whose path scopes it)
FOOTPRINT = [
    ("steering.Committee", "unit"),
    ("steering.Agency", "unit"),
    ("steering.Membership", "committee__unit"),
    ("steering.CommitteeDecision", "committee__unit"),
    ("steering.Plan", "unit"),
    ("steering.Plan", "committee__unit"),
    ("steering.PlanTask", "unit"),
    ("steering.PlanTask", "plan__unit"),
    ("steering.TaskUpdate", "task__unit"),
    ("steering.TaskEvidence", "update__task__unit"),
    ("steering.PlanAttachment", "plan__unit"),
    ("steering.MonitoringAssignment", "committee__unit"),
    ("steering.MonitoringAssignment", "units"),
    ("steering.MonitoringVisit", "unit"),
    ("steering.Activity", "unit"),
    ("steering.Activity", "task__unit"),
    ("reporting.ReportingPeriod", "owner"),
    ("reporting.Report", "unit"),
    ("reporting.ReportSection", "report__unit"),
    ("reporting.ReportValue", "report__unit"),
    ("reporting.ReportAttachment", "report__unit"),
    ("reporting.ReportTransition", "report__unit"),
    ("consolidation.NarrativeDraft", "unit"),
    ("campaign_portal.ExportJob", "unit"),
    ("inspections.Business", "commune"),
    ("inspections.InspectionPlan", "committee__unit"),
    ("inspections.PlanTarget", "plan__committee__unit"),
    ("inspections.PlanTarget", "business__commune"),
    ("inspections.Inspection", "unit"),
    ("inspections.Inspection", "business__commune"),
    ("inspections.Finding", "inspection__unit"),
    ("inspections.FollowUp", "finding__inspection__unit"),
    ("inspections.InspectionPhoto", "inspection__unit"),
    ("inspections.InspectionDraft", "plan__committee__unit"),
]


def footprint(s: ObjectSet) -> dict[str, str]:
    """A digest of every row under the foreign unit (and of rows pointing into it), per model."""
    digests = {}
    for label, lookup in FOOTPRINT:
        model = apps.get_model(label)
        names = [f.attname for f in model._meta.concrete_fields]
        rows = model.objects.filter(**{f"{lookup}__path__startswith": s.top.path}).order_by("pk").values_list(*names)
        digests[f"{label} via {lookup}"] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    people = [o.pk for o in s.objects.values() if type(o).__name__ == "Person"]
    rows = apps.get_model("steering.Person").objects.filter(pk__in=people).order_by("pk").values_list()
    digests["steering.Person"] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


# --- payloads -----------------------------------------------------------------------------------------------------


class PayloadCache:
    """The in-scope version of each form, as the office (or the first persona that may) would submit it."""

    def __init__(self, world, routes):
        self.world = world
        self.cache: dict[str, dict] = {}

    def for_route(self, route: Route) -> dict:
        if route.name in self.cache:
            return self.cache[route.name]
        payload: dict = {}
        try:
            values, _kind = route_values(route, self.world.home)
        except KeyError:
            values = None
        if values is not None and not route.is_admin:
            for persona in ("office", "district", "commune", "inspector"):
                client = Client()
                client.force_login(self.world.users[persona])
                path = build_path(route, values)
                response = client.get(path)
                if response.status_code == 200 and not response.streaming:
                    forms = page_forms(response.content.decode(errors="replace"), path)
                    if forms:
                        payload = max(forms, key=lambda f: len(f.names)).payload()
                        break
        self.cache[route.name] = payload
        return payload


def with_foreign_references(payload: dict, s: ObjectSet) -> dict:
    """The payload with every field that can point at a foreign object pointing at one."""
    data = {k: list(v) for k, v in payload.items()}
    for name, make in FOREIGN_REFERENCES.items():
        data[name] = [str(make(s))]
    for name, values in data.items():
        if values == [""] and name not in FOREIGN_REFERENCES:
            data[name] = ["Thử nghiệm"]
    return data


# --- the tests ----------------------------------------------------------------------------------------------------


def test_every_url_has_a_sample(world, routes):
    """A new URL with kwargs must get a sample in tests/portal/world.py URL_SAMPLES, or this fails naming it."""
    missing = []
    for route in routes:
        for s in world.foreign.values():
            try:
                values, _kind = route_values(route, s)
                build_path(route, values)
            except KeyError as exc:
                missing.append(f"{route.name} ({route.route}): no sample for {exc}")
                break
    assert not missing, "URLs the authorization matrix cannot fill:\n" + "\n".join(missing)


def test_the_registry_names_only_existing_urls(routes):
    names = {r.name for r in routes}
    stale = sorted(set(URL_SAMPLES) - names)
    assert not stale, f"URL_SAMPLES names URLs that no longer exist: {stale}"


CASES = [(persona, "31") for persona in PERSONAS] + [("district", "288"), ("commune", "288")]


@pytest.mark.parametrize(("persona", "set_name"), CASES, ids=[f"{p}-vs-{s}" for p, s in CASES])
def test_no_persona_sees_or_changes_another_units_objects(world, routes, payloads, persona, set_name):
    s = world.foreign[set_name]
    user = world.users[persona]
    client = Client()
    client.force_login(user)
    problems: list[str] = []
    wrote = [False]  # whether a POST since the last footprint got past the access check

    def request(method: str, route: Route, path: str, data=None, kind=None):
        try:
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, data or {})
        except Exception as exc:  # noqa: BLE001 - the test client re-raises what would be a 500
            problems.append(f"{method} {path} [{route.name}]: raised {type(exc).__name__}: {exc}")
            return
        where = f"{method} {path} [{route.name}] -> {response.status_code}"
        if method == "POST" and not (response.status_code in DENIED or is_login_redirect(response)):
            wrote[0] = True
        if response.status_code >= 500:
            problems.append(f"{where}: server error")
        found = leaks(response, s)
        if found:
            problems.append(f"{where}: shows {found}")
        if kind is not None and kind not in s.shared:
            if route.is_admin:
                if not (is_login_redirect(response) or response.status_code in DENIED):
                    problems.append(f"{where}: admin page open to a non-staff persona")
            elif response.status_code not in DENIED:
                problems.append(f"{where}: expected 404, 403 or 405 for another unit's {kind}")

    start = footprint(s)
    for route in routes:
        try:
            values, kind = route_values(route, s)
        except KeyError:
            continue  # reported by test_every_url_has_a_sample
        path = build_path(route, values)
        wrote[0] = False
        if not values:
            request("GET", route, path)
            if not route.is_admin:
                for query in LIST_QUERIES:
                    request("GET", route, f"{path}?{query(s)}")
            if route.name not in NO_POST:
                request("POST", route, path)
                payload = payloads.for_route(route)
                if not route.is_admin:
                    request("POST", route, path, with_foreign_references(payload, s))
        else:
            request("GET", route, path, kind=kind)
            if route.name not in NO_POST:
                request("POST", route, path, kind=kind)
                payload = payloads.for_route(route)
                if payload:
                    request("POST", route, path, payload, kind=kind)
        if wrote[0]:
            after = footprint(s)
            changed = [k for k in after if start[k] != after[k]]
            if changed:
                problems.append(
                    f"{route.name} ({path}) or a request before it: {persona} changed rows of {s.name}: {changed}"
                )
            start = after
        if not client.session.get("_auth_user_id"):
            problems.append(f"{route.name} ({path}) ended the session of {persona}")
            client.force_login(user)
    end = footprint(s)
    changed = [k for k in end if start[k] != end[k]]
    if changed:
        problems.append(f"a refused request of {persona} changed rows of {s.name}: {changed}")

    assert not problems, f"{len(problems)} problems for {persona} against {s.name}:\n" + "\n".join(problems)


def test_the_matrix_sees_a_leak_when_there_is_one(world, routes):
    """The checks themselves work: the superuser may see everything, so the foreign pages show the marker."""
    s = world.foreign["31"]
    client = Client()
    client.force_login(world.users["admin"])
    for name in ("steering:plan_detail", "inspections:business_detail", "reporting:report_detail"):
        route = next(r for r in routes if r.name == name)
        values, _kind = route_values(route, s)
        response = client.get(build_path(route, values))
        assert response.status_code == 200
        assert leaks(response, s), name
    route = next(r for r in routes if r.name == "steering:evidence_download")
    response = client.get(build_path(route, route_values(route, s)[0]))
    assert response.status_code == 200 and leaks(response, s)


@pytest.fixture(autouse=True)
def _quiet_refusals():
    """Thousands of expected 403/404 warnings would slow the run and bury the report; errors still log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)
