"""Template versions are drafts until the provincial office publishes them; periods only take published versions."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reporting import forms, services
from reporting.models import Indicator, PeriodType, ReportingPeriod, ReportTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_services():
    """Service messages are matched in English; pages are read in the user's language (Vietnamese)."""
    with translation.override("en"):
        yield


def v1() -> ReportTemplate:
    return ReportTemplate.objects.get(version=1)


@pytest.fixture
def draft(users) -> ReportTemplate:
    """Version 2, copied from version 1 by the provincial office of 30: a draft no period uses."""
    return services.template_new_version(based_on=v1(), name="Mẫu 2022", created_by=users.office)


def h1_type() -> PeriodType:
    return PeriodType.objects.get(code="H1")


def publish_url(template) -> str:
    return f"/reports/templates/{template.pk}/publish/"


# --- the state --------------------------------------------------------------------------------------------------


def test_the_seed_version_is_published_and_a_new_version_is_a_draft(draft):
    assert v1().is_published and v1().published_at is not None
    assert not draft.is_published and draft.published_by is None


def test_publishing_records_who_and_when_and_happens_once(draft, users):
    published = services.template_publish(template=draft, by=users.office)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == users.office
    assert published.published_at == draft.published_at
    with pytest.raises(ValidationError, match="already published"):
        services.template_publish(template=draft, by=users.office)


def test_a_version_without_indicators_cannot_be_published(users):
    empty = ReportTemplate.objects.create(version=50, name="Rỗng", created_by=users.office)
    with pytest.raises(ValidationError, match="without indicators"):
        services.template_publish(template=empty, by=users.office)
    empty.refresh_from_db()
    assert not empty.is_published


def test_a_version_breaking_the_aggregation_rules_cannot_be_published(draft, users):
    """An indicator that lost its weight (e.g. changed behind the editor's back) blocks publishing, named by code."""
    Indicator.objects.filter(template=draft, code="XT08").update(weight=None)
    with pytest.raises(ValidationError, match="XT08"):
        services.template_publish(template=draft, by=users.office)
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_published_version_cannot_change(draft, users):
    services.template_publish(template=draft, by=users.office)
    tt01 = draft.indicators.get(code="TT01")
    with pytest.raises(ValidationError, match="published"):
        services.indicator_save(template=draft, code="TT01", indicator=tt01, label_vi="Khác")
    with pytest.raises(ValidationError, match="published"):
        services.indicator_delete(indicator=draft.indicators.get(code="TT02"))
    with pytest.raises(ValidationError, match="published"):
        services.section_save(template=draft, key="VI", title_vi="x", title_en="x")
    with pytest.raises(ValidationError, match="published"):
        services.section_delete(section=draft.sections.get(key="V"))
    assert draft.indicators.get(code="TT01").label_vi != "Khác"
    assert draft.indicators.filter(code="TT02").exists() and draft.sections.filter(key="V").exists()


# --- period_open ------------------------------------------------------------------------------------------------


def test_a_period_opened_without_a_version_skips_the_newest_draft(draft, tree, users):
    period = services.period_open(owner=tree.province, period_type=h1_type(), year=2021)
    assert period.template == ReportTemplate.objects.get(version=2)  # the newest published version
    services.template_publish(template=draft, by=users.office)
    later = services.period_open(owner=tree.province, period_type=h1_type(), year=2022)
    assert later.template == draft


def test_a_draft_chosen_explicitly_is_refused(draft, tree):
    with pytest.raises(ValidationError) as exc:
        services.period_open(owner=tree.province, period_type=h1_type(), year=2022, template=draft)
    assert "template" in exc.value.error_dict
    assert "draft" in " ".join(exc.value.messages)
    assert not ReportingPeriod.objects.exists()
    # ...and the draft stays editable: the refused period did not freeze it.
    services.section_save(template=draft, key="VI", title_vi="Khen thưởng", title_en="Commendations")


def test_without_any_published_version_no_period_opens(tree):
    ReportTemplate.objects.update(published_at=None)
    with pytest.raises(ValidationError, match="no published report template"):
        services.period_open(owner=tree.province, period_type=h1_type(), year=2021)
    assert not ReportingPeriod.objects.exists()


def test_the_period_form_offers_only_published_versions(draft, users, client_for):
    assert list(forms.PeriodOpenForm().fields["template"].queryset) == [ReportTemplate.objects.get(version=2), v1()]
    response = client_for(users.office).post(
        "/reports/periods/new/", {"period_type": h1_type().pk, "year": "2022", "template": draft.pk}
    )
    assert response.status_code == 200 and "template" in response.context["form"].errors
    assert not ReportingPeriod.objects.exists()


# --- the editor -------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(draft, client_for):
    response = client_for(None).post(publish_url(draft))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", 302),
        ("admin", 302),
        ("viewer", 403),
        ("district", 403),
        ("commune", 403),
        ("inspector", 403),
        ("outsider", 403),
        ("other_office", 403),
    ],
)
def test_only_the_office_preparing_a_version_publishes_it(draft, users, client_for, who, expected):
    response = client_for(getattr(users, who)).post(publish_url(draft))
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.is_published == (expected == 302)
    if expected == 302:
        assert response["Location"] == f"/reports/templates/{draft.pk}/" and draft.published_by == getattr(users, who)


def test_publishing_is_a_post_and_a_missing_version_is_404(draft, users, client_for):
    client = client_for(users.office)
    assert client.get(publish_url(draft)).status_code == 405
    assert client.post("/reports/templates/999999/publish/").status_code == 404


def test_the_draft_page_shows_the_publish_button_to_its_office_only(draft, users, client_for):
    office = client_for(users.office).get(f"/reports/templates/{draft.pk}/").content.decode()
    assert 'id="template-publish-form"' in office and f'action="{publish_url(draft)}"' in office
    assert "data-confirm=" in office.split('id="template-publish-form"')[1].split(">")[0]
    for who in ("viewer", "other_office", "district"):
        body = client_for(getattr(users, who)).get(f"/reports/templates/{draft.pk}/").content.decode()
        assert 'id="template-publish-form"' not in body, who


def test_the_office_publishes_from_the_page_and_it_becomes_read_only(draft, users, client_for):
    client = client_for(users.office)
    response = client.post(publish_url(draft), follow=True)
    body = response.content.decode()
    assert 'id="template-published"' in body and 'id="template-publish-form"' not in body
    assert "/indicators/new/" not in body and "/sections/new/" not in body
    tt01 = draft.indicators.get(code="TT01")
    response = client.get(f"/reports/templates/{draft.pk}/indicators/{tt01.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/reports/templates/{draft.pk}/"
    assert any("v3" in str(m) or " 3 " in str(m) for m in response.context["messages"])
    response = client.post(f"/reports/templates/{draft.pk}/sections/new/", {"key": "VI"})
    assert response.status_code == 302 and not draft.sections.filter(key="VI").exists()
    response = client.post(f"/reports/templates/{draft.pk}/indicators/{tt01.pk}/delete/", follow=True)
    assert draft.indicators.filter(pk=tt01.pk).exists()


def test_an_incomplete_version_is_not_published_and_the_page_says_why(draft, users, client_for):
    Indicator.objects.filter(template=draft, code="XT08").update(weight=None)
    response = client_for(users.office).post(publish_url(draft), follow=True)
    assert response.status_code == 200
    assert any("XT08" in str(m) for m in response.context["messages"])
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_list_shows_draft_published_and_in_use(h1, draft, users, client_for):
    third = services.template_new_version(based_on=draft, created_by=users.office)
    services.template_publish(template=draft, by=users.office)
    body = client_for(users.viewer).get("/reports/templates/").content.decode()
    rows = {
        version: body.split(f"<td>v{version}</td>")[1].split("</tr>")[0]
        for version in (1, draft.version, third.version)
    }
    assert "text-bg-secondary" in rows[1]  # in use by 2021-H1
    assert "text-bg-success" in rows[draft.version]
    assert "text-bg-warning" in rows[third.version]
