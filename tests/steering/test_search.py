"""Unit search ignores diacritics and case, on SQLite and on PostgreSQL alike."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from steering import selectors
from steering.text import fold

pytestmark = pytest.mark.django_db


def test_fold_strips_vietnamese_marks_and_d_bar():
    assert fold("Hải Dương") == "hai duong"
    assert fold("  ĐỒNG   Lạc ") == "dong lac"
    assert fold("Nam Sách") == "nam sach"


@pytest.mark.parametrize("query", ["nam sach", "Nam Sách", "NAM SACH", "sách nam"])
def test_nam_sach_finds_nam_sach(users, query):
    names = [u.name for u in selectors.unit_search(user=users.office, query=query)]
    assert names == ["Huyện Nam Sách"]


def test_hai_duong_finds_the_province_and_the_city(users):
    names = {u.name for u in selectors.unit_search(user=users.admin, query="hai duong")}
    assert names == {"Tỉnh Hải Dương", "Thành phố Hải Dương"}


def test_search_stays_inside_the_users_scope(users):
    assert [u.name for u in selectors.unit_search(user=users.district, query="hai")] == []
    assert [u.name for u in selectors.unit_search(user=users.other_office, query="hai")] == ["Thành phố Hải Phòng"]


def test_the_search_page_finds_units_typed_without_accents(client_for, users):
    body = client_for(users.office).get(reverse("steering:unit_list"), {"q": "nam hong"}).content.decode()
    assert "Xã Nam Hồng" in body


@pytest.mark.skipif(connection.vendor == "sqlite", reason="this run is already on SQLite")
def test_the_same_search_tests_pass_on_sqlite():
    """CI runs on PostgreSQL; this runs the search tests once more on SQLite so both engines are covered."""
    env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", __file__, "-k", "not the_same_search"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "passed" in result.stdout
