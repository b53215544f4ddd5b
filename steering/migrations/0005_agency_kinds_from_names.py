"""Give the agencies that exist their kind, guessed from the name (steering/agency_kinds.py); the ones that match
nothing keep no kind and the provincial office sets it on the agency's page."""

from django.db import migrations

# A copy of steering.agency_kinds.NAME_RULES as it stood when this migration was written (migrations do not
# import app code that may change).
NAME_RULES = (
    (("ban phong trao", "mttq", "mat tran to quoc"), "mttq"),
    (("bao ve nguoi tieu dung", "bao ve quyen loi nguoi tieu dung"), "bao_ve_ntd"),
    (("quan ly thi truong",), "qltt"),
    (("cong an",), "cong_an"),
    (("nong nghiep",), "nong_nghiep"),
    (("khoa hoc",), "khcn"),
    (("y te",), "y_te"),
    (("tuyen giao",), "tuyen_giao"),
    (("trung tam van hoa",), "bao_chi"),
    (("thong tin va truyen thong", "van hoa va thong tin", "van hoa - thong tin"), "thong_tin"),
    (("bao ", "dai phat thanh", "truyen hinh"), "bao_chi"),
    (("tai chinh", "ke hoach va dau tu"), "tai_chinh"),
    (("cong thuong", "phong kinh te"), "cong_thuong"),
    (("hop tac xa", "hiep hoi"), "hop_tac_xa"),
    (("lien doan lao dong", "hoi nong dan", "phu nu", "doan thanh nien", "tinh doan", "cuu chien binh"), "doan_the"),
)


def _guess(search_name: str) -> str:
    folded = f"{search_name} "
    for words, kind in NAME_RULES:
        if any(folded.startswith(w) or f" {w}" in f" {folded}" for w in words):
            return kind
    return ""


def kinds_from_names(apps, schema_editor):
    Agency = apps.get_model("steering", "Agency")
    changed = []
    for agency in Agency.objects.filter(kind="").only("pk", "search_name", "kind").iterator(chunk_size=2000):
        agency.kind = _guess(agency.search_name)
        if agency.kind:
            changed.append(agency)
    Agency.objects.bulk_update(changed, ["kind"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("steering", "0004_agency_kind_and_order")]

    operations = [migrations.RunPython(kinds_from_names, migrations.RunPython.noop)]
