import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from steering import services
from steering.models import MemberRole, Membership
from tests.steering.factories import AgencyFactory, CommitteeFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def committee(tree):
    return CommitteeFactory(unit=tree.district)


def test_a_committee_has_at_most_one_active_head(committee):
    services.membership_add(committee=committee, person=PersonFactory(), role=MemberRole.HEAD, start_date=D(2020, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            committee=committee, person=PersonFactory(), role=MemberRole.HEAD, start_date=D(2021, 1, 1)
        )
    assert "role" in excinfo.value.error_dict
    assert Membership.objects.filter(committee=committee, role=MemberRole.HEAD).count() == 1


def test_the_database_refuses_a_second_active_head_too(committee):
    MembershipFactory(committee=committee, role=MemberRole.HEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            committee=committee, person=PersonFactory(), role=MemberRole.HEAD, start_date=D(2021, 1, 1)
        )


def test_a_new_head_may_start_once_the_old_one_has_ended(committee):
    old = MembershipFactory(committee=committee, role=MemberRole.HEAD)
    services.membership_end(membership=old, end_date=D(2021, 5, 1))
    new = services.membership_add(
        committee=committee, person=PersonFactory(), role=MemberRole.HEAD, start_date=D(2021, 5, 1)
    )
    assert new.is_active


def test_a_term_cannot_end_before_it_starts(committee):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            committee=committee,
            person=PersonFactory(),
            role=MemberRole.MEMBER,
            start_date=D(2021, 5, 1),
            end_date=D(2021, 4, 30),
        )
    assert "end_date" in excinfo.value.error_dict
    member = MembershipFactory(committee=committee, start_date=D(2021, 5, 1))
    with pytest.raises(ValidationError):
        services.membership_end(membership=member, end_date=D(2021, 1, 1))
    member.refresh_from_db()
    assert member.end_date is None


def test_replacing_a_member_ends_the_old_term_and_starts_the_new_one_under_one_document(committee):
    agency = AgencyFactory(unit=committee.unit)
    old = MembershipFactory(committee=committee, role=MemberRole.STANDING_DEPUTY, agency=agency, position="Giám đốc")
    decision = services.committee_decision_record(
        committee=committee, kind="reformation", number="47/QĐ-MT", date=D(2021, 5, 20), signer="Lê Văn Cần"
    )
    new = services.membership_replace(membership=old, person=PersonFactory(), date=D(2021, 5, 20), decision=decision)
    old.refresh_from_db()
    assert old.end_date == D(2021, 5, 20) and old.end_decision == decision and old.replaced_by == new
    assert new.start_date == D(2021, 5, 20) and new.decision == decision
    assert new.role == MemberRole.STANDING_DEPUTY and new.agency == agency and new.position == "Giám đốc"
    # Nothing is deleted: both terms stay in the history.
    assert Membership.objects.filter(committee=committee).count() == 2


def test_an_agency_of_another_unit_is_refused(committee, tree):
    with pytest.raises(ValidationError):
        services.membership_add(
            committee=committee,
            person=PersonFactory(),
            role=MemberRole.MEMBER,
            start_date=D(2021, 1, 1),
            agency=AgencyFactory(unit=tree.other_district),
        )


def test_document_numbers_run_from_01_each_year_per_issuer_whatever_the_type(tree):
    import datetime

    from campaign_portal.documents.content import Issuer, OfficialDocument
    from campaign_portal.documents.register import document_issue

    issuer = services.issuer_for_unit(unit=tree.province)
    other = services.issuer_for_unit(unit=tree.district)

    def issue(who, doc_type, year, n):
        document = OfficialDocument.for_issuer(Issuer.of(who), doc_type=doc_type, subject=f"Văn bản {n}")
        at = datetime.datetime(year, 3, 1, 9, tzinfo=datetime.UTC)
        return document_issue(
            issuer=who, kind="plan", source=f"test:{n}", document=document, filename="x", by=None, at=at
        )

    numbers = [
        issue(issuer, "BC", 2021, 1).number,
        issue(issuer, "BC", 2021, 2).number,
        issue(issuer, "KH", 2021, 3).number,
        issue(issuer, "BC", 2022, 4).number,
        issue(other, "BC", 2021, 5).number,
    ]
    assert numbers == ["01/BC-MT", "02/BC-MT", "03/KH-MT", "01/BC-MT", "01/BC-MT"]
    assert issuer.place_name == "Hải Dương"


# --- the forms, as a user meets them ----------------------------------------------------------------------


def test_the_form_shows_a_second_head_as_a_message_in_vietnamese(client_for, users, committee):
    MembershipFactory(committee=committee, role=MemberRole.HEAD)
    response = client_for(users.district).post(
        reverse("steering:membership_create", args=[committee.pk]),
        {"full_name": "Trần Văn Bình", "role": "head", "start_date": "2021-06-01"},
    )
    assert response.status_code == 200
    assert "đã là Trưởng ban" in response.content.decode()
    assert not Membership.objects.filter(person__full_name="Trần Văn Bình").exists()


def test_the_form_refuses_an_end_before_the_start_and_an_empty_name(client_for, users, committee):
    url = reverse("steering:membership_create", args=[committee.pk])
    response = client_for(users.district).post(
        url, {"full_name": "   ", "role": "member", "start_date": "2021-06-01", "end_date": "2021-05-01"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu" in body
    assert "Trường này là bắt buộc" in body
    assert Membership.objects.count() == 0


def test_adding_a_member_through_the_form(client_for, users, committee):
    agency = AgencyFactory(unit=committee.unit, name="Hội Nông dân huyện Nam Sách")
    response = client_for(users.district).post(
        reverse("steering:membership_create", args=[committee.pk]),
        {
            "full_name": "Phạm Thị Hoa",
            "phone": "0912000111",
            "role": "member",
            "position": "Chủ tịch Hội",
            "agency": agency.pk,
            "start_date": "2021-06-01",
        },
    )
    assert response.status_code == 302
    member = Membership.objects.get(person__full_name="Phạm Thị Hoa")
    assert member.agency == agency and member.committee == committee and member.is_active


def test_ending_a_term_through_the_form_keeps_it_in_history(client_for, users, committee):
    member = MembershipFactory(committee=committee)
    client = client_for(users.district)
    response = client.post(reverse("steering:membership_end", args=[member.pk]), {"end_date": "2021-12-31"})
    assert response.status_code == 302
    history = client.get(reverse("steering:committee_history", args=[committee.pk])).content.decode()
    assert member.person.full_name in history and "31/12/2021" in history
    current = client.get(reverse("steering:committee_detail", args=[committee.pk])).content.decode()
    assert member.person.full_name not in current


def test_replacing_through_the_form(client_for, users, committee):
    member = MembershipFactory(committee=committee)
    response = client_for(users.office).post(
        reverse("steering:membership_replace", args=[member.pk]),
        {"full_name": "Đỗ Văn Nam", "date": "2021-05-20"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_date == D(2021, 5, 20)
    assert member.replaced_by.person.full_name == "Đỗ Văn Nam"


def test_recording_a_reforming_decision(client_for, users, committee):
    response = client_for(users.district).post(
        reverse("steering:decision_create", args=[committee.pk]),
        {"kind": "reformation", "number": "15/QĐ-MT", "date": "2021-05-20", "signer": "Nguyễn Văn An"},
    )
    assert response.status_code == 302
    detail = client_for(users.viewer).get(reverse("steering:committee_detail", args=[committee.pk])).content.decode()
    assert "15/QĐ-MT" in detail and "Nguyễn Văn An" in detail
