"""Shared fixtures: a small unit tree and the personas every permission test uses.

Tỉnh Hải Dương (30)                 office, viewer, inspector
  Huyện Nam Sách (291)              district
    Xã Nam Hồng (10546)             commune
  Thành phố Hải Dương (288)         outsider (a sibling district: sees nothing of Nam Sách)
    Phường Hải Tân (10507)
Thành phố Hải Phòng (31)            other_office (another province)
"""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.test import Client

from steering.models import AdministrativeUnit, Role
from tests.steering.factories import UnitFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@dataclass
class Tree:
    province: AdministrativeUnit
    district: AdministrativeUnit
    commune: AdministrativeUnit
    other_district: AdministrativeUnit
    other_commune: AdministrativeUnit
    other_province: AdministrativeUnit


@pytest.fixture
def tree(db) -> Tree:
    province = UnitFactory(code="30", name="Tỉnh Hải Dương", division_type="tinh")
    district = UnitFactory(code="291", name="Huyện Nam Sách", division_type="huyen", parent=province)
    commune = UnitFactory(code="10546", name="Xã Nam Hồng", division_type="xa", parent=district)
    other_district = UnitFactory(code="288", name="Thành phố Hải Dương", division_type="thanh_pho", parent=province)
    other_commune = UnitFactory(code="10507", name="Phường Hải Tân", division_type="phuong", parent=other_district)
    other_province = UnitFactory(code="31", name="Thành phố Hải Phòng", division_type="thanh_pho_tw")
    return Tree(province, district, commune, other_district, other_commune, other_province)


@pytest.fixture
def users(tree):
    """The personas: who they are decides what each view must answer."""

    class Users:
        office = UserFactory(username="office", unit=tree.province, roles=[Role.PROVINCIAL_OFFICE])
        viewer = UserFactory(username="viewer", unit=tree.province, roles=[Role.VIEWER])
        inspector = UserFactory(username="inspector", unit=tree.province, roles=[Role.INSPECTOR])
        district = UserFactory(username="district", unit=tree.district, roles=[Role.UNIT_STAFF])
        commune = UserFactory(username="commune", unit=tree.commune, roles=[Role.UNIT_STAFF])
        outsider = UserFactory(username="outsider", unit=tree.other_district, roles=[Role.UNIT_STAFF])
        other_office = UserFactory(username="other_office", unit=tree.other_province, roles=[Role.PROVINCIAL_OFFICE])
        admin = UserFactory(username="admin", unit=tree.province, is_superuser=True, is_staff=True)

    return Users


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- browser tests ---------------------------------------------------------------------------------------


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; .ci/run installs it with apt-get.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: CI runs two test workers on two cores, so a page can take seconds under load.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """Log `username` in through the real login form (password demo12345)."""

    def do_login(page, username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo12345")
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return do_login
