"""The write rules: idempotent save and submit, numbering, follow-ups and their states, the business registry."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection as db_connection
from django.utils import timezone

from inspections import services
from inspections.models import Business, FollowUp, Inspection, InspectionDraft
from tests.inspections.factories import (
    BusinessFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    PlanFactory,
    category,
)

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
WHEN = datetime.datetime(2021, 5, 10, 9, 30, tzinfo=TZ)


def _finding(code="labelling", deadline=datetime.date(2021, 6, 10), **kwargs):
    return services.FindingInput(
        category=category(code),
        goods=kwargs.pop("goods", "Nước mắm không nhãn phụ"),
        recommendation=kwargs.pop("recommendation", "Bổ sung nhãn phụ"),
        fix_deadline=deadline,
        **kwargs,
    )


def _save(world, users, client_uuid=None, **kwargs):
    params = {
        "client_uuid": client_uuid or uuid.uuid4(),
        "plan": world.plan,
        "user": users.inspector,
        "business": world.business,
        "inspected_at": WHEN,
        "team": [world.lead, world.member],
        "lead": world.lead,
        "vn_goods_share": Decimal("85"),
        "findings": [_finding(), _finding("counterfeit", deadline=None, goods="Dầu gội giả")],
    }
    params.update(kwargs)
    return services.inspection_save(**params)


class TestInspectionSave:
    def test_it_creates_a_draft_with_findings(self, world, users):
        inspection = _save(world, users)
        assert inspection.is_draft and inspection.number == ""
        assert inspection.unit == world.committee.unit
        assert inspection.findings.count() == 2
        assert inspection.place == world.business.address

    def test_the_same_uuid_twice_leaves_one_record(self, world, users):
        key = uuid.uuid4()
        first = _save(world, users, client_uuid=key)
        second = _save(world, users, client_uuid=key, conclusion="Đã sửa")
        assert first.pk == second.pk
        assert Inspection.objects.count() == 1
        assert second.findings.count() == 2
        assert Inspection.objects.get().conclusion == "Đã sửa"

    def test_a_retried_save_after_submit_changes_nothing(self, world, users):
        key = uuid.uuid4()
        inspection = services.inspection_submit(inspection=_save(world, users, client_uuid=key), user=users.inspector)
        again = _save(world, users, client_uuid=key, conclusion="changed", findings=[])
        assert again.pk == inspection.pk and again.number == inspection.number
        assert again.findings.count() == 2 and again.conclusion == ""

    def test_it_deletes_the_autosaved_draft(self, world, users):
        key = uuid.uuid4()
        services.inspection_draft_autosave(client_uuid=key, plan=world.plan, user=users.inspector, data={"a": ["b"]})
        _save(world, users, client_uuid=key)
        assert not InspectionDraft.objects.exists()

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            (lambda: {"inspected_at": timezone.now() + datetime.timedelta(hours=2)}, "inspected_at"),
            (lambda: {"inspected_at": datetime.datetime(2020, 12, 31, 9, 0, tzinfo=TZ)}, "inspected_at"),
            (lambda: {"vn_goods_share": Decimal("100.5")}, "vn_goods_share"),
            (lambda: {"vn_goods_share": Decimal("-1")}, "vn_goods_share"),
            (lambda: {"findings": [services.FindingInput(category=None, goods="Bia")]}, "findings"),
            (lambda: {"findings": [_finding(deadline=datetime.date(2021, 5, 1))]}, "findings"),
            (lambda: {"findings": [_finding(recommendation="")]}, "findings"),
        ],
    )
    def test_it_refuses_bad_input_and_saves_nothing(self, world, users, kwargs, field):
        with pytest.raises(ValidationError) as exc:
            _save(world, users, **kwargs())
        assert field in exc.value.message_dict
        assert not Inspection.objects.exists()

    def test_it_refuses_a_business_outside_the_committee_area(self, world, users):
        with pytest.raises(ValidationError) as exc:
            _save(world, users, business=world.other_business)
        assert "business" in exc.value.message_dict
        assert not Inspection.objects.exists()

    def test_it_refuses_team_members_of_another_committee(self, world, users, tree):
        from tests.steering.factories import MembershipFactory

        stranger = MembershipFactory()
        with pytest.raises(ValidationError):
            _save(world, users, team=[world.lead, stranger])


class TestSubmit:
    def test_it_numbers_the_record_in_the_bb_series_and_opens_follow_ups(self, world, users):
        inspection = services.inspection_submit(inspection=_save(world, users), user=users.inspector)
        assert inspection.number == "01/BB-BCĐ"  # the committee's own series
        assert inspection.status == Inspection.Status.SUBMITTED
        follow_ups = FollowUp.objects.all()
        assert len(follow_ups) == 1  # only the finding with a deadline
        assert follow_ups[0].owner == world.lead
        assert follow_ups[0].due_date == datetime.date(2021, 6, 10)

    def test_numbers_follow_each_other_in_the_year_they_are_submitted(self, world, users):
        first = services.inspection_submit(inspection=_save(world, users), user=users.inspector)
        second = services.inspection_submit(inspection=_save(world, users), user=users.inspector)
        plan_2022 = PlanFactory(committee=world.committee, year=2022)
        plan_2022.team.create(membership=world.lead, is_lead=True)
        third = services.inspection_submit(
            inspection=_save(
                world, users, plan=plan_2022, inspected_at=datetime.datetime(2022, 3, 1, 8, tzinfo=TZ), findings=[]
            ),
            user=users.inspector,
        )
        # Numbered when submitted (this year), whatever year the inspection was in.
        assert [first.number, second.number, third.number] == ["01/BB-BCĐ", "02/BB-BCĐ", "03/BB-BCĐ"]

    def test_submitting_twice_keeps_one_number_and_one_set_of_follow_ups(self, world, users):
        inspection = _save(world, users)
        services.inspection_submit(inspection=inspection, user=users.inspector)
        again = services.inspection_submit(inspection=inspection, user=users.inspector)
        assert again.number == "01/BB-BCĐ"
        assert FollowUp.objects.count() == 1

    def test_it_needs_a_team(self, world, users):
        inspection = _save(world, users, team=[], lead=None)
        with pytest.raises(ValidationError):
            services.inspection_submit(inspection=inspection, user=users.inspector)
        inspection.refresh_from_db()
        assert inspection.is_draft and inspection.number == ""


class TestFollowUp:
    @pytest.fixture
    def follow_up(self, world):
        inspection = InspectionFactory(plan=world.plan, business=world.business, status="submitted", number="1/BB-MT")
        return FollowUpFactory(finding=FindingFactory(inspection=inspection), owner=world.lead)

    def test_fixed_is_final(self, follow_up, users):
        services.follow_up_recheck(
            follow_up=follow_up, user=users.inspector, status="fixed", rechecked_on=datetime.date(2021, 6, 9)
        )
        follow_up.refresh_from_db()
        assert follow_up.status == "fixed"
        with pytest.raises(ValidationError):
            services.follow_up_recheck(
                follow_up=follow_up, user=users.inspector, status="not_fixed", rechecked_on=datetime.date(2021, 6, 9)
            )

    def test_not_fixed_can_get_a_new_due_date_and_then_be_referred(self, follow_up, users):
        services.follow_up_recheck(
            follow_up=follow_up,
            user=users.inspector,
            status="not_fixed",
            rechecked_on=datetime.date(2021, 6, 11),
            new_due_date=datetime.date(2021, 7, 1),
        )
        follow_up.refresh_from_db()
        assert follow_up.due_date == datetime.date(2021, 7, 1)
        services.follow_up_recheck(
            follow_up=follow_up,
            user=users.inspector,
            status="referred",
            rechecked_on=datetime.date(2021, 7, 2),
            referred_to="police",
            referral_number="15/CV-BCĐ",
            referral_date=datetime.date(2021, 7, 3),
        )
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.referral_number) == ("referred", "15/CV-BCĐ")

    @pytest.mark.parametrize("missing", [{"referred_to": ""}, {"referral_number": " "}, {"referral_date": None}])
    def test_a_referral_needs_its_document(self, follow_up, users, missing):
        params = {
            "referred_to": "market_surveillance",
            "referral_number": "3/CV",
            "referral_date": datetime.date(2021, 6, 12),
            **missing,
        }
        with pytest.raises(ValidationError):
            services.follow_up_recheck(
                follow_up=follow_up,
                user=users.inspector,
                status="referred",
                rechecked_on=datetime.date(2021, 6, 12),
                **params,
            )
        follow_up.refresh_from_db()
        assert follow_up.status == "open"

    def test_a_recheck_cannot_be_in_the_future_or_before_the_inspection(self, follow_up, users):
        for day in (timezone.localdate() + datetime.timedelta(days=1), datetime.date(2021, 5, 1)):
            with pytest.raises(ValidationError):
                services.follow_up_recheck(follow_up=follow_up, user=users.inspector, status="fixed", rechecked_on=day)

    def test_overdue_means_pending_and_past_due(self, follow_up):
        due = follow_up.due_date
        assert not follow_up.is_overdue(today=due)
        assert follow_up.is_overdue(today=due + datetime.timedelta(days=1))
        follow_up.status = "not_fixed"
        assert follow_up.is_overdue(today=due + datetime.timedelta(days=1))
        for final in ("fixed", "referred"):
            follow_up.status = final
            assert not follow_up.is_overdue(today=due + datetime.timedelta(days=30))


class TestBusinessSave:
    def test_it_stores_a_search_key_and_ocop_products(self, tree):
        business = services.business_save(
            commune=tree.commune,
            name="  Hợp tác xã   Vải thiều Thanh Hà ",
            kind="cooperative",
            address="Thôn Đông",
            tax_code="0800123459",
            ocop_products=[{"name": "Vải thiều sấy", "stars": 4, "certified_year": 2020}],
        )
        assert business.name == "Hợp tác xã Vải thiều Thanh Hà"
        assert business.search_name == "hop tac xa vai thieu thanh ha"
        assert business.ocop_products.get().stars == 4

    @pytest.mark.parametrize("tax_code", ["123", "0800123450", "0800123459-000"])
    def test_it_refuses_invalid_tax_codes(self, tree, tax_code):
        with pytest.raises(ValidationError) as exc:
            services.business_save(commune=tree.commune, name="A", kind="shop", address="B", tax_code=tax_code)
        assert "tax_code" in exc.value.message_dict
        assert not Business.objects.exists()

    def test_a_tax_code_is_registered_once(self, tree):
        BusinessFactory(commune=tree.commune, tax_code="0800123459")
        with pytest.raises(ValidationError) as exc:
            services.business_save(commune=tree.commune, name="A", kind="shop", address="B", tax_code="0800123459")
        assert "đã được đăng ký" in exc.value.messages[0]  # Vietnamese is the default language

    def test_a_business_belongs_to_a_commune(self, tree):
        with pytest.raises(ValidationError) as exc:
            services.business_save(commune=tree.district, name="A", kind="shop", address="B")
        assert "commune" in exc.value.message_dict

    @pytest.mark.parametrize(
        "product",
        [
            {"name": "Mật ong", "stars": 2, "certified_year": 2020},
            {"name": "Mật ong", "stars": 3, "certified_year": 2017},
            {"name": "", "stars": 3, "certified_year": 2020},
        ],
    )
    def test_it_refuses_bad_ocop_products(self, tree, product):
        with pytest.raises(ValidationError):
            services.business_save(commune=tree.commune, name="A", kind="shop", address="B", ocop_products=[product])
        assert not Business.objects.exists()


@pytest.mark.skipif(db_connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_identical_submits_at_once_give_one_record_and_the_same_answer(world, users):
    import threading

    from django.db import connection

    key = uuid.uuid4()
    params = {
        "client_uuid": key,
        "plan": world.plan,
        "business": world.business,
        "inspected_at": WHEN,
        "team": [world.lead, world.member],
        "lead": world.lead,
        "vn_goods_share": Decimal("85"),
        "findings": [_finding()],
    }
    barrier = threading.Barrier(2)
    answers: list[str] = []

    def submit():
        try:
            barrier.wait(timeout=10)
            answers.append(services.inspection_record(submit=True, user=users.inspector, **params).number)
        except Exception as exc:  # noqa: BLE001 (the test reports any failure)
            answers.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(answers) == 2 and answers[0] == answers[1] and answers[0].endswith("/BB-BCĐ"), answers
    assert Inspection.objects.filter(client_uuid=key).count() == 1
    assert FollowUp.objects.count() == 1
