"""Reporting fixtures: an open 2021-H1 period for the shared tree (tests/conftest.py) and helpers."""

import datetime
import importlib
from decimal import Decimal

import pytest

from reporting import services
from reporting.models import PeriodType, Report, ReportTemplate


@pytest.fixture(autouse=True)
def _reporting_seed(request):
    """Put back the rows of the seed migration when a transactional (browser) test has flushed them."""
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    if not PeriodType.objects.exists():
        from django.apps import apps

        for name, function in (
            ("0002_seed_template_v1_and_period_types", "seed"),
            ("0003_template_published_state", "publish_seed_and_used_versions"),
            ("0004_indicator_scope_and_frozen_record", "rules_from_v2"),
            ("0005_publish_template_v2", "publish_v2"),
        ):
            getattr(importlib.import_module(f"reporting.migrations.{name}"), function)(apps, None)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture
def h1(tree, users):
    """2021-H1 opened by the provincial office of 30: reports for 291, 10546, 288, 10507 (not for 31)."""
    return services.period_open(
        owner=tree.province,
        period_type=PeriodType.objects.get(code="H1"),
        year=2021,
        opened_by=users.office,
        template=ReportTemplate.objects.get(version=1),  # the 2021 periods keep version 1
    )


@pytest.fixture
def commune_report(h1, tree) -> Report:
    return Report.objects.get(period=h1, unit=tree.commune, agency__isnull=True)


@pytest.fixture
def district_report(h1, tree) -> Report:
    return Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)


GOOD_VALUES = {"TT01": Decimal(2), "TT02": Decimal(5), "XT08": Decimal("87.5"), "KT02": Decimal(4)}
GOOD_SECTIONS = {"I": "Đã ban hành kế hoạch.", "V": "Không có kiến nghị."}


def save(report, user, *, values=None, sections=None, submit=False, version=None):
    report.refresh_from_db()
    action = services.report_submit if submit else services.report_save
    return action(
        report=report,
        version=report.version if version is None else version,
        by=user,
        values=GOOD_VALUES if values is None else values,
        sections=GOOD_SECTIONS if sections is None else sections,
    )


def fresh(report) -> Report:
    return Report.objects.select_related("period", "unit").get(pk=report.pk)


@pytest.fixture
def submitted(commune_report, users):
    save(commune_report, users.commune, submit=True)
    return fresh(commune_report)


def day(y, m, d) -> datetime.date:
    return datetime.date(y, m, d)
