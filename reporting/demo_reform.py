"""Demo: 2026-H1 of the new Thành phố Hải Phòng, on the two-level map (after steering.demo_reform).

Its 114 communes report straight to the city, with the commune deadline. A few communes (those that were Hải
Dương's Nam Sách and Chí Linh) and member agencies have filed and been accepted; Xã Nam Sách, the `xa` account's
commune, is still a draft for that account to finish and send.
"""

from __future__ import annotations

import random

from django.db import transaction

from reporting import services
from reporting.demo import _file, _period, _reports
from reporting.models import PeriodType, ReportingPeriod, ReportTemplate
from steering.demo_reform import CITY, COMMUNE
from steering.models import AdministrativeUnit, User

PERIOD = "2026-H1"
# Communes made of Hải Dương's Nam Sách and Chí Linh: Hợp Tiến, Trần Phú, Thái Tân, An Phú, Chu Văn An, Nguyễn Trãi
ACCEPTED_COMMUNES = {"10615", "10633", "10642", "10645", "10549", "10552"}
SUBMITTED_COMMUNES = {"10570", "10573", "10603"}
RETURNED_COMMUNES = {"10546"}  # Phường Chí Linh
FILED_AGENCIES = {"qltt", "cong_an", "mttq"}


def seed(stdout=None) -> dict:
    city = AdministrativeUnit.objects.with_code(CITY)
    if city is None or city.valid_from is None:
        return {}
    if ReportingPeriod.objects.filter(owner=city, code=PERIOD).exists():
        return {"skipped": True}
    with transaction.atomic():
        result = _seed(city)
    if stdout:
        stdout.write(f"reporting reform: {result}\n")
    return result


def _seed(city: AdministrativeUnit) -> dict:
    rng = random.Random(2026)
    office = User.objects.filter(username="haiphong").first()
    template = ReportTemplate.objects.filter(published_at__isnull=False).order_by("-version").first()
    period = services.period_open(
        owner=city, period_type=PeriodType.objects.get(code="H1"), year=2026, opened_by=office, template=template
    )
    period = _period(period)
    reports = _reports(period)
    plan: dict[int, str] = {}
    for report in reports:
        code = report.unit.code
        if report.agency_id is not None:
            if report.agency.kind in FILED_AGENCIES:
                plan[report.pk] = "accepted"
        elif code == COMMUNE:
            plan[report.pk] = "draft"
        elif code in RETURNED_COMMUNES:
            plan[report.pk] = "returned"
        elif code in SUBMITTED_COMMUNES:
            plan[report.pk] = "submitted"
        elif code in ACCEPTED_COMMUNES:
            plan[report.pk] = "accepted"
    filed = _file(period, reports, plan, rng, office=office, district_user=office)
    signed = _issue_signed(city, office)
    return {"period": PERIOD, "template": template.version, **filed, "signed": signed}


DEMO_PASSWORD = "demo-chu-ky-so"


def _issue_signed(city: AdministrativeUnit, office) -> str:
    """The city's standing board gets demo certificates (from a demo certification authority, named as such) and
    issues its 2026-H1 consolidated report signed, so a newcomer can download it and verify it. Without
    SIGNING_KEY_SECRET (a production server) nothing is signed here."""
    from django.conf import settings

    from campaign_portal.documents import credentials, demo_ca
    from reporting.consolidation.services import consolidation_issue
    from steering.models import SigningCredential, TrustedRoot
    from steering.services import issuer_for_unit

    if not getattr(settings, "SIGNING_KEY_SECRET", ""):
        return ""
    issuer = issuer_for_unit(unit=city)
    if not SigningCredential.objects.filter(issuer=issuer, revoked_at=None).exists():
        authority = demo_ca.make_authority()
        TrustedRoot.objects.get_or_create(
            name="DEMO CA Cuộc vận động (chỉ để thử, không có giá trị pháp lý)",
            defaults={"certificate": authority.pem, "is_demo": True},
        )
        for role, name in (
            (SigningCredential.Role.SIGNER, issuer.signer_name or "Phạm Thị Thanh Hà"),
            (SigningCredential.Role.ORGANISATION, "Ủy ban MTTQ Việt Nam thành phố Hải Phòng"),
        ):
            data = demo_ca.make_pkcs12(authority, name, DEMO_PASSWORD)
            credentials.credential_upload(
                issuer=issuer, role=role, data=data, password=DEMO_PASSWORD, by=office, is_demo=True
            )
    issued = consolidation_issue(unit=city, period_code=PERIOD, include_late=True, by=office)
    return issued.number
