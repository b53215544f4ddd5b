"""The report template editor (/reports/templates/): versions, indicators, outline, and who may change them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reporting import services
from reporting.models import Indicator, PeriodType, Report, ReportingPeriod, ReportTemplate, ReportValue
from tests.reporting.conftest import fresh, save
from tests.steering.factories import UserFactory

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
    """Version 3 (version 2 is the published catalogue v2), copied from version 1 by the provincial office of 30;
    no period uses it."""
    return services.template_new_version(based_on=v1(), name="Mẫu 2022", created_by=users.office)


def indicator_data(**overrides) -> dict:
    data = {
        "order": "500",
        "code": "XT09",
        "area": "4",
        "label_vi": "Số doanh nghiệp bán hàng trực tuyến",
        "label_en": "Businesses selling online",
        "unit_of_measure": "doanh nghiệp",
        "value_type": "integer",
        "aggregation": "sum",
        "weight": "",
        "numerator": "",
        "denominator": "",
        "filled_by": "unit:*",
        "counts_from": "unit:*",
        "note": "",
    }
    data.update(overrides)
    return data


def section_data(**overrides) -> dict:
    data = {
        "order": "200",
        "key": "VI",
        "title_vi": "Khen thưởng",
        "title_en": "Commendations",
        "depth": "1",
        "area": "",
        "writable": "on",
    }
    data.update(overrides)
    return data


# --- services -------------------------------------------------------------------------------------------------


def test_a_new_version_copies_the_outline_indicators_and_their_links(draft):
    old = v1()
    assert draft.version == 3 and draft.based_on == old
    assert draft.indicators.count() == old.indicators.count() > 40
    assert draft.sections.count() == old.sections.count()
    xt08 = draft.indicators.get(code="XT08")
    assert xt08.weight.code == "KT02" and xt08.weight.template == draft


def test_a_used_version_cannot_change(h1):
    ind = v1().indicators.get(code="TT01")
    with pytest.raises(ValidationError, match="used by a reporting period"):
        services.indicator_save(template=v1(), code="TT01", indicator=ind, label_vi="Khác")
    with pytest.raises(ValidationError, match="used by a reporting period"):
        services.indicator_delete(indicator=ind)
    with pytest.raises(ValidationError, match="used by a reporting period"):
        services.section_save(template=v1(), key="VI", title_vi="x", title_en="x")
    assert v1().indicators.get(code="TT01").label_vi != "Khác"


def test_opening_a_period_with_a_version_freezes_it(draft, tree, users):
    services.template_publish(template=draft, by=users.office)
    services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2022, template=draft)
    with pytest.raises(ValidationError, match="used by a reporting period"):
        services.section_save(template=draft, key="VI", title_vi="x", title_en="x")


def test_the_code_is_unique_in_the_version(draft):
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(template=draft, code="tt01", **_fields())
    assert "code" in exc.value.error_dict


def _fields(**overrides):
    fields = {
        "area": 1,
        "label_vi": "Nhãn",
        "label_en": "Label",
        "unit_of_measure": "cái",
        "value_type": "integer",
        "aggregation": "sum",
    }
    fields.update(overrides)
    return fields


def test_a_weighted_average_needs_a_weight_of_the_same_version(draft):
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(
            template=draft, code="X1", **_fields(value_type="percentage", aggregation="weighted_average")
        )
    assert "weight" in exc.value.error_dict
    foreign_weight = v1().indicators.get(code="KT02")
    with pytest.raises(ValidationError, match="same template version"):
        services.indicator_save(
            template=draft,
            code="X1",
            **_fields(value_type="percentage", aggregation="weighted_average", weight=foreign_weight),
        )
    weight = draft.indicators.get(code="KT02")
    saved = services.indicator_save(
        template=draft, code="X1", **_fields(value_type="percentage", aggregation="weighted_average", weight=weight)
    )
    assert saved.weight == weight


def test_a_ratio_needs_both_parts(draft):
    numerator = draft.indicators.get(code="NT02")
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(
            template=draft, code="X2", **_fields(value_type="percentage", aggregation="ratio", numerator=numerator)
        )
    assert "denominator" in exc.value.error_dict
    with pytest.raises(ValidationError, match="must be different"):
        services.indicator_save(
            template=draft,
            code="X2",
            **_fields(value_type="percentage", aggregation="ratio", numerator=numerator, denominator=numerator),
        )
    saved = services.indicator_save(
        template=draft,
        code="X2",
        **_fields(
            value_type="percentage",
            aggregation="ratio",
            numerator=numerator,
            denominator=draft.indicators.get(code="NT01"),
            weight=numerator,  # not used by a ratio: cleared
        ),
    )
    assert saved.denominator.code == "NT01" and saved.weight is None


def test_a_percentage_cannot_be_summed(draft):
    with pytest.raises(ValidationError) as exc:
        services.indicator_save(template=draft, code="X3", **_fields(value_type="percentage", aggregation="sum"))
    assert "aggregation" in exc.value.error_dict
    assert not draft.indicators.filter(code="X3").exists()


def test_an_indicator_others_aggregate_with_cannot_be_removed(draft):
    with pytest.raises(ValidationError, match="XT08"):
        services.indicator_delete(indicator=draft.indicators.get(code="KT02"))
    services.indicator_delete(indicator=draft.indicators.get(code="TT02"))
    assert not draft.indicators.filter(code="TT02").exists()
    assert v1().indicators.filter(code="TT02").exists()


def test_two_new_versions_get_consecutive_numbers(draft, users):
    third = services.template_new_version(based_on=draft, created_by=users.office)
    assert third.version == 4 and third.name == "Mẫu 2022"


def test_editing_version_2_never_changes_a_report_filed_against_version_1(h1, commune_report, users, draft):
    """Period A (v1) keeps its indicators, labels and values after version 2 is edited."""
    save(commune_report, users.commune, submit=True)
    before = list(
        ReportValue.objects.filter(report=commune_report).values_list("indicator_id", "indicator__code", "value")
    )
    tt01 = draft.indicators.get(code="TT01")
    services.indicator_save(template=draft, code="TT01", indicator=tt01, label_vi="Nhãn mới", unit_of_measure="bản")
    services.indicator_delete(indicator=draft.indicators.get(code="TT02"))
    services.indicator_save(template=draft, code="XT09", **_fields(area=4))
    services.section_delete(section=draft.sections.get(key="V"))

    report = fresh(commune_report)
    assert report.period.template == v1()
    after = list(ReportValue.objects.filter(report=report).values_list("indicator_id", "indicator__code", "value"))
    assert after == before and ("TT02" in {code for _pk, code, _v in after})
    assert all(Indicator.objects.get(pk=pk).template_id == v1().pk for pk, _c, _v in after)
    old = v1().indicators.get(code="TT01")
    assert old.label_vi == "Số văn bản chỉ đạo, kế hoạch, hướng dẫn ban hành" and old.unit_of_measure == "văn bản"
    assert v1().sections.filter(key="V").exists()
    submission = report.submissions.get()
    assert Decimal(submission.values["TT02"]) == Decimal(5)


def test_the_filed_report_page_still_shows_version_1(h1, commune_report, users, draft, client_for):
    save(commune_report, users.commune, submit=True)
    tt01 = draft.indicators.get(code="TT01")
    services.indicator_save(template=draft, code="TT01", indicator=tt01, label_vi="NHÃN PHIÊN BẢN HAI")
    body = client_for(users.district).get(f"/reports/{commune_report.pk}/").content.decode()
    assert "Số văn bản chỉ đạo, kế hoạch, hướng dẫn ban hành" in body
    assert "NHÃN PHIÊN BẢN HAI" not in body


# --- access ---------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(draft, client_for):
    ind = draft.indicators.get(code="TT01")
    sec = draft.sections.get(key="I")
    for method, url in [
        ("get", "/reports/templates/"),
        ("post", "/reports/templates/new/"),
        ("get", f"/reports/templates/{draft.pk}/"),
        ("get", f"/reports/templates/{draft.pk}/indicators/new/"),
        ("get", f"/reports/templates/{draft.pk}/indicators/{ind.pk}/"),
        ("post", f"/reports/templates/{draft.pk}/indicators/{ind.pk}/delete/"),
        ("get", f"/reports/templates/{draft.pk}/sections/new/"),
        ("get", f"/reports/templates/{draft.pk}/sections/{sec.pk}/"),
        ("post", f"/reports/templates/{draft.pk}/sections/{sec.pk}/delete/"),
    ]:
        response = getattr(client_for(None), method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert ReportTemplate.objects.count() == 3 and draft.indicators.filter(pk=ind.pk).exists()


@pytest.mark.parametrize("who", ["office", "viewer", "district", "commune", "outsider", "other_office", "admin"])
def test_every_user_of_a_unit_reads_the_versions(draft, users, client_for, who):
    client = client_for(getattr(users, who))
    assert client.get("/reports/templates/").status_code == 200
    assert client.get(f"/reports/templates/{draft.pk}/").status_code == 200


def test_a_user_without_a_unit_sees_nothing(draft, tree, client_for):
    nobody = UserFactory(username="nobody", unit=None)
    client = client_for(nobody)
    assert client.get("/reports/templates/").status_code == 403
    assert client.get(f"/reports/templates/{draft.pk}/").status_code == 404
    assert client.get(f"/reports/templates/{draft.pk}/indicators/new/").status_code == 404


def test_a_missing_version_or_an_indicator_of_another_version_is_404(draft, users, client_for):
    client = client_for(users.office)
    assert client.get("/reports/templates/999999/").status_code == 404
    other = v1().indicators.get(code="TT01")
    assert client.get(f"/reports/templates/{draft.pk}/indicators/{other.pk}/").status_code == 404
    assert client.post(f"/reports/templates/{draft.pk}/indicators/{other.pk}/delete/").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [("office", 200), ("admin", 200), ("viewer", 403), ("district", 403), ("inspector", 403), ("other_office", 403)],
)
def test_only_the_office_that_prepares_a_version_edits_it(draft, users, client_for, who, expected):
    """Read-only users get 403; another province's office sees the draft but cannot change it."""
    client = client_for(getattr(users, who))
    ind = draft.indicators.get(code="TT01")
    sec = draft.sections.get(key="I")
    assert client.get(f"/reports/templates/{draft.pk}/indicators/new/").status_code == expected
    assert client.get(f"/reports/templates/{draft.pk}/indicators/{ind.pk}/").status_code == expected
    assert client.get(f"/reports/templates/{draft.pk}/sections/new/").status_code == expected
    assert client.get(f"/reports/templates/{draft.pk}/sections/{sec.pk}/").status_code == expected
    response = client.post(f"/reports/templates/{draft.pk}/indicators/{ind.pk}/delete/")
    assert response.status_code == (302 if expected == 200 else 403)
    assert draft.indicators.filter(pk=ind.pk).exists() == (expected != 200)
    response = client.post(f"/reports/templates/{draft.pk}/sections/{sec.pk}/delete/")
    assert response.status_code == (302 if expected == 200 else 403)
    assert draft.sections.filter(pk=sec.pk).exists() == (expected != 200)


@pytest.mark.parametrize(
    ("who", "expected"), [("office", 302), ("other_office", 302), ("viewer", 403), ("district", 403)]
)
def test_only_a_provincial_office_creates_a_version(h1, users, client_for, who, expected):
    response = client_for(getattr(users, who)).post("/reports/templates/new/", {"name": "Mẫu mới"})
    assert response.status_code == expected
    assert ReportTemplate.objects.filter(name="Mẫu mới").exists() == (expected == 302)


def test_the_editor_pages_show_edit_buttons_only_to_the_editor(draft, users, client_for):
    office = client_for(users.office).get(f"/reports/templates/{draft.pk}/").content.decode()
    viewer = client_for(users.viewer).get(f"/reports/templates/{draft.pk}/").content.decode()
    assert f"/reports/templates/{draft.pk}/indicators/new/" in office and 'id="template-editable"' in office
    assert f"/reports/templates/{draft.pk}/indicators/new/" not in viewer


def test_the_periods_page_links_the_editor_for_the_office(users, client_for):
    assert 'id="template-versions-link"' in client_for(users.office).get("/reports/").content.decode()
    assert 'id="template-versions-link"' not in client_for(users.district).get("/reports/").content.decode()


# --- the pages at work ----------------------------------------------------------------------------------------


def test_the_office_creates_a_version_from_the_newest(h1, users, client_for):
    response = client_for(users.office).post("/reports/templates/new/", {"name": ""})
    new = ReportTemplate.objects.get(version=3)
    v2 = ReportTemplate.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == f"/reports/templates/{new.pk}/"
    assert new.based_on == v2 and new.created_by == users.office and new.name == v2.name
    assert (
        new.indicators.count() == 57
        and new.indicators.get(code="KT03").counts_from == v2.indicators.get(code="KT03").counts_from
    )


def test_the_list_shows_which_periods_use_each_version(h1, draft, users, client_for):
    other = services.period_open(
        owner=users.other_office.unit, period_type=PeriodType.objects.get(code="H1"), year=2021, template=v1()
    )
    ReportingPeriod.objects.filter(pk=other.pk).update(name="BÍMẬT kỳ Hải Phòng", code="2021-H1-HP")
    body = client_for(users.office).get("/reports/templates/").content.decode()
    assert f'href="/reports/periods/{h1.pk}/"' in body
    assert "2021-H1-HP" not in body and "BÍMẬT" not in body  # another province's period: counted, not named
    assert "1 kỳ của đơn vị khác" in body or "1 period of other units" in body
    assert body.count("badge text-bg-warning") == 1  # version 2 is being prepared


def test_a_used_version_is_read_only_with_a_clear_message(h1, users, client_for):
    client = client_for(users.office)
    ind = v1().indicators.get(code="TT01")
    detail = client.get(f"/reports/templates/{v1().pk}/").content.decode()
    assert 'id="template-frozen"' in detail and "/indicators/new/" not in detail
    response = client.get(f"/reports/templates/{v1().pk}/indicators/{ind.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/reports/templates/{v1().pk}/"
    assert any("read-only" in str(m) or "chỉ xem" in str(m) for m in response.context["messages"])
    response = client.post(f"/reports/templates/{v1().pk}/indicators/{ind.pk}/", indicator_data(code="TT01"))
    assert response.status_code == 302
    assert v1().indicators.get(code="TT01").label_vi != indicator_data()["label_vi"]
    response = client.post(f"/reports/templates/{v1().pk}/indicators/{ind.pk}/delete/", follow=True)
    assert v1().indicators.filter(pk=ind.pk).exists()


def test_the_office_adds_edits_and_removes_an_indicator(draft, users, client_for):
    client = client_for(users.office)
    response = client.post(
        f"/reports/templates/{draft.pk}/indicators/new/",
        indicator_data(filled_by="unit:province, district;agency:cong_an", counts_from="agency:cong_an"),
    )
    assert response.status_code == 302
    ind = draft.indicators.get(code="XT09")
    assert ind.filled_by == "unit:district,province;agency:cong_an" and ind.counts_from == "agency:cong_an"
    assert ind.area == 4 and ind.order == 500
    response = client.post(
        f"/reports/templates/{draft.pk}/indicators/{ind.pk}/",
        indicator_data(
            code="xt10",
            value_type="percentage",
            aggregation="weighted_average",
            weight=draft.indicators.get(code="KT02").pk,
            annual_only="on",
        ),
    )
    assert response.status_code == 302
    ind.refresh_from_db()
    assert (ind.code, ind.value_type, ind.weight.code, ind.annual_only, ind.filled_by) == (
        "XT10",
        "percentage",
        "KT02",
        True,
        "unit:*",
    )
    assert client.post(f"/reports/templates/{draft.pk}/indicators/{ind.pk}/delete/").status_code == 302
    assert not draft.indicators.filter(code="XT10").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "TT01"}, "code"),
        ({"code": ""}, "code"),
        ({"value_type": "percentage", "aggregation": "sum"}, "aggregation"),
        ({"value_type": "percentage", "aggregation": "weighted_average"}, "weight"),
        ({"value_type": "percentage", "aggregation": "ratio"}, "numerator"),
        ({"aggregation": "magic"}, "aggregation"),
        ({"area": "9"}, "area"),
        ({"filled_by": "unit:town"}, "filled_by"),
        ({"filled_by": "units:*"}, "filled_by"),
        ({"counts_from": "agency:nobody"}, "counts_from"),
        ({"filled_by": "unit:commune", "counts_from": "agency:qltt"}, "counts_from"),
        ({"order": "-1"}, "order"),
        ({"label_vi": "x" * 300}, "label_vi"),
    ],
)
def test_bad_indicator_input_is_refused_on_the_form(draft, users, client_for, overrides, field):
    count = draft.indicators.count()
    response = client_for(users.office).post(
        f"/reports/templates/{draft.pk}/indicators/new/", indicator_data(**overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert draft.indicators.count() == count


def test_a_weight_of_another_version_is_an_invalid_choice(draft, users, client_for):
    response = client_for(users.office).post(
        f"/reports/templates/{draft.pk}/indicators/new/",
        indicator_data(
            value_type="percentage", aggregation="weighted_average", weight=v1().indicators.get(code="KT02").pk
        ),
    )
    assert response.status_code == 400 and "weight" in response.context["form"].errors


def test_removing_an_indicator_in_use_by_another_shows_why(draft, users, client_for):
    kt02 = draft.indicators.get(code="KT02")
    response = client_for(users.office).post(f"/reports/templates/{draft.pk}/indicators/{kt02.pk}/delete/", follow=True)
    assert draft.indicators.filter(pk=kt02.pk).exists()
    assert any("XT08" in str(m) for m in response.context["messages"])


def test_the_office_edits_the_outline(draft, users, client_for):
    client = client_for(users.office)
    assert client.post(f"/reports/templates/{draft.pk}/sections/new/", section_data()).status_code == 302
    section = draft.sections.get(key="VI")
    assert section.writable and section.depth == 1 and section.area is None
    response = client.post(
        f"/reports/templates/{draft.pk}/sections/{section.pk}/",
        section_data(key="II.7", depth="2", area="6", writable="", annual_only="on"),
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.key, section.depth, section.area, section.writable, section.annual_only) == (
        "II.7",
        2,
        6,
        False,
        True,
    )
    response = client.post(f"/reports/templates/{draft.pk}/sections/new/", section_data(key="ii.7"))
    assert response.status_code == 400 and "key" in response.context["form"].errors
    assert client.post(f"/reports/templates/{draft.pk}/sections/{section.pk}/delete/").status_code == 302
    assert not draft.sections.filter(key="II.7").exists()


def test_a_period_opened_with_the_new_version_files_its_indicators(draft, tree, users):
    services.indicator_save(template=draft, code="XT09", **_fields(area=4))
    services.template_publish(template=draft, by=users.office)
    period = services.period_open(
        owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2022, template=draft
    )
    report = Report.objects.get(period=period, unit=tree.commune, agency__isnull=True)
    services.report_save(
        report=report, version=report.version, by=users.commune, values={"XT09": Decimal(3)}, sections={}
    )
    value = ReportValue.objects.get(report=report)
    assert value.indicator.template == draft and value.indicator.code == "XT09"


# --- queries --------------------------------------------------------------------------------------------------


def test_the_version_list_does_not_grow_its_queries(h1, draft, users, client_for, django_assert_num_queries):
    client = client_for(users.office)
    client.get("/reports/templates/")  # warm the session and the user
    # 8: the session, the user, the unit history the user may read (steering.permissions.history_paths), …
    with django_assert_num_queries(8) as small:
        client.get("/reports/templates/")
    services.template_publish(template=draft, by=users.office)
    for year in (2022, 2023):
        services.period_open(
            owner=users.office.unit, period_type=PeriodType.objects.get(code="Y"), year=year, template=draft
        )
    services.template_new_version(based_on=draft, created_by=users.office)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/reports/templates/")


def test_the_version_page_does_not_grow_its_queries(draft, users, client_for, django_assert_num_queries):
    client = client_for(users.office)
    client.get(f"/reports/templates/{draft.pk}/")
    with django_assert_num_queries(10) as small:
        client.get(f"/reports/templates/{draft.pk}/")
    for i in range(5):
        services.indicator_save(template=draft, code=f"Z{i}", **_fields(area=i % 6 + 1))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/reports/templates/{draft.pk}/")


def test_the_admin_shows_who_fills_and_who_counts_on_every_version(users, client_for):
    client = client_for(users.admin)
    for template in ReportTemplate.objects.all():
        response = client.get(f"/admin/reporting/reporttemplate/{template.pk}/change/")
        body = response.content.decode()
        assert response.status_code == 200 and "filled_by" in body and "counts_from" in body
