from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from steering import selectors
from steering.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the Vietnamese catalogue has its own test."""
    with translation.override("en"):
        yield


HEADER = "code,name,type,parent_code\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_it_imports_hai_duong_with_its_districts_and_communes():
    call_command("import_units", province="30", stdout=open("/dev/null", "w"))  # noqa: SIM115
    province = AdministrativeUnit.objects.get(code="30")
    assert province.name == "Tỉnh Hải Dương"
    assert province.children.count() == 12
    nam_sach = AdministrativeUnit.objects.get(code="291")
    assert nam_sach.name == "Huyện Nam Sách"
    assert nam_sach.division_type == "huyen"
    assert nam_sach.level == 2 and nam_sach.parent == province
    assert AdministrativeUnit.objects.get(code="290").division_type == "thanh_pho"
    assert AdministrativeUnit.objects.get(code="292").division_type == "thi_xa"
    assert AdministrativeUnit.objects.filter(level=3, path__startswith="30/").count() == 207


def test_a_second_import_changes_nothing():
    call_command("import_units", province="30", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = list(AdministrativeUnit.objects.values_list("pk", "code", "name", "path"))
    from io import StringIO

    out = StringIO()
    call_command("import_units", province="30", stdout=out)
    assert list(AdministrativeUnit.objects.values_list("pk", "code", "name", "path")) == before
    assert "0 created, 0 updated, 220 unchanged" in out.getvalue()


def test_a_reimport_updates_a_renamed_unit_in_place(tmp_path):
    first = write(tmp_path, "a.csv", HEADER + "30,Tỉnh Hải Dương,tỉnh,\n291,Huyện Nam Sach,huyện,30\n")
    call_command("import_units", file=first, stdout=open("/dev/null", "w"))  # noqa: SIM115
    pk = AdministrativeUnit.objects.get(code="291").pk
    second = write(tmp_path, "b.csv", HEADER + "30,Tỉnh Hải Dương,tỉnh,\n291,Huyện Nam Sách,huyện,30\n")
    call_command("import_units", file=second, stdout=open("/dev/null", "w"))  # noqa: SIM115
    unit = AdministrativeUnit.objects.get(code="291")
    assert unit.pk == pk and unit.name == "Huyện Nam Sách" and unit.search_name == "huyen nam sach"
    assert AdministrativeUnit.objects.count() == 2


def test_it_reads_an_xlsx_file_with_children_before_parents(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "type", "parent_code"])
    ws.append(["10546", "Xã Nam Hồng", "xã", "291"])
    ws.append(["291", "Huyện Nam Sách", "huyện", "30"])
    ws.append([30, "Tỉnh Hải Dương", "tỉnh", None])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    call_command("import_units", file=path, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AdministrativeUnit.objects.get(code="10546").path == "30/291/10546/"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + "30,Tỉnh Hải Dương,tỉnh,\n291,Huyện Nam Sách,huyện,99\n", "Row 3, column parent_code"),
        (HEADER + "30,Tỉnh Hải Dương,tỉnh,\n30,Tỉnh Hải Dương,tỉnh,\n", "Row 3, column code"),
        (HEADER + "30,Tỉnh Hải Dương,tỉnh,\n291,Huyện Nam Sách,làng,30\n", "Row 3, column type"),
        (HEADER + "30,,tỉnh,\n", "Row 2, column name"),
        ("code,name,parent_code\n30,Tỉnh Hải Dương,\n", "missing column(s) type"),
    ],
)
def test_a_bad_row_aborts_the_whole_import(tmp_path, content, message, settings):
    settings.LANGUAGE_CODE = "en"
    path = write(tmp_path, "units.csv", content)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_units", file=path)
    assert message in str(excinfo.value)
    assert AdministrativeUnit.objects.count() == 0


def test_it_rejects_a_file_that_is_not_utf8(tmp_path):
    path = write(tmp_path, "units.csv", b"")
    path.write_bytes(HEADER.encode() + "30,T\xe1nh,tỉnh,\n".encode("latin-1", errors="replace"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_units", file=path)
    assert AdministrativeUnit.objects.count() == 0


def test_it_rejects_a_file_that_is_not_a_spreadsheet(tmp_path):
    path = write(tmp_path, "units.xlsx", b"%PDF-1.4 this is not a workbook")
    with pytest.raises(CommandError, match="not a readable .xlsx"):
        call_command("import_units", file=path)
    with pytest.raises(CommandError, match="Unsupported file type"):
        call_command("import_units", file=write(tmp_path, "units.txt", "hello"))


def test_the_command_exits_non_zero_and_names_the_row(tmp_path, capsys, monkeypatch, settings):
    from steering.management.commands.import_units import Command

    settings.LANGUAGE_CODE = "en"
    # run_from_argv closes every connection when it ends; the test's own transaction must survive it.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    path = write(tmp_path, "units.csv", HEADER + "30,Tỉnh Hải Dương,tỉnh,\n291,Huyện Nam Sách,huyện,99\n")
    with pytest.raises(SystemExit) as excinfo:
        Command().run_from_argv(["manage.py", "import_units", "--file", str(path)])
    assert excinfo.value.code != 0
    assert "Row 3, column parent_code: unknown parent code 99" in capsys.readouterr().err
    assert AdministrativeUnit.objects.count() == 0


def test_a_whole_province_subtree_is_one_query(django_assert_num_queries):
    call_command("import_units", province="30", stdout=open("/dev/null", "w"))  # noqa: SIM115
    province = AdministrativeUnit.objects.get(code="30")
    with django_assert_num_queries(1):
        units = list(selectors.unit_subtree(unit=province))
    assert len(units) == 220
    nam_sach = AdministrativeUnit.objects.get(code="291")
    with django_assert_num_queries(1):
        assert len(list(selectors.unit_subtree(unit=nam_sach, include_self=False))) == 15
