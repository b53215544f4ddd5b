"""Pre-fill: figures from the providers are offered with their source; a confirmed one is recorded as such."""

from decimal import Decimal

import pytest
from django.test import override_settings

from campaign_portal.prefill import PrefillValue
from reporting import selectors
from reporting.models import ReportValue
from tests.reporting.conftest import fresh

pytestmark = pytest.mark.django_db

SEEN = {}


def fake_provider(*, unit, date_from, date_to):
    SEEN["args"] = (unit.code, date_from, date_to)
    return {"KT01": PrefillValue(Decimal(4), "4 biên bản kiểm tra"), "BC02": PrefillValue(Decimal(9), "9 thành viên")}


FAKE = override_settings(
    REPORT_PREFILL_PROVIDERS=["tests.reporting.test_prefill.fake_provider", "no.such.module.provider"]
)


@FAKE
def test_the_providers_get_the_unit_and_the_cutoff_window(commune_report):
    values = selectors.report_prefill(report=commune_report)
    assert set(values) == {"KT01", "BC02"}
    assert SEEN["args"] == ("10546", commune_report.period.cutoff_from, commune_report.period.cutoff_to)


@FAKE
def test_the_form_offers_suggestions_with_their_source(commune_report, users, client_for):
    response = client_for(users.commune).get(f"/reports/{commune_report.pk}/edit/")
    assert response.status_code == 200
    assert "4 biên bản kiểm tra" in response.content.decode()


@FAKE
def test_a_confirmed_suggestion_is_recorded_as_prefilled_and_an_override_as_manual(commune_report, users, client_for):
    data = {"version": commune_report.version, "action": "save", "v_KT01": "4", "v_BC02": "11"}
    response = client_for(users.commune).post(f"/reports/{commune_report.pk}/edit/", data)
    assert response.status_code == 302
    values = {
        v.indicator.code: v for v in ReportValue.objects.filter(report=commune_report).select_related("indicator")
    }
    assert values["KT01"].source == "prefill" and values["KT01"].prefill_source == "4 biên bản kiểm tra"
    assert values["BC02"].source == "manual" and values["BC02"].value == 11
    assert fresh(commune_report).status == "draft"
