"""The violation categories of DOMAIN.md, with the report indicator each one counts toward (KT04 counts all)."""

from django.db import migrations

CATEGORIES = [
    # code, Vietnamese name (data), English name, indicator group
    ("banned", "Hàng cấm", "Banned goods", ""),
    ("smuggled", "Hàng nhập lậu", "Smuggled goods", "KT07"),
    ("counterfeit", "Hàng giả (nội dung, nhãn, bao bì, tem)", "Counterfeit goods (content, label, packaging, stamp)", "KT05"),
    ("ip_infringing", "Hàng xâm phạm sở hữu trí tuệ, hàng nhái", "IP-infringing and imitation goods", "KT05"),
    ("substandard", "Hàng kém chất lượng", "Substandard goods", "KT06"),
    ("unknown_origin", "Hàng không rõ nguồn gốc xuất xứ", "Goods of unknown origin", "KT07"),
    ("labelling", "Vi phạm nhãn hàng hóa", "Labelling violations", "KT08"),
    ("expired", "Hàng hết hạn sử dụng", "Expired goods", ""),
    ("quality_undeclared", "Không công bố chất lượng", "Quality not declared", ""),
    ("food_safety", "Mất an toàn thực phẩm", "Food safety violations", ""),
    ("price_posting", "Vi phạm niêm yết giá", "Price-posting violations", "KT08"),
    ("measurement_fraud", "Gian lận đo lường", "Measurement fraud", ""),
    ("trade_fraud", "Gian lận thương mại khác", "Other trade fraud", ""),
    ("ecommerce", "Vi phạm thương mại điện tử", "E-commerce violations", ""),
    ("consumer_rights", "Xâm phạm quyền lợi người tiêu dùng", "Infringing consumer rights", ""),
]


def add_categories(apps, schema_editor) -> None:
    ViolationCategory = apps.get_model("inspections", "ViolationCategory")
    for order, (code, name, name_en, group) in enumerate(CATEGORIES, start=1):
        ViolationCategory.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "indicator_group": group, "order": order}
        )


def remove_categories(apps, schema_editor) -> None:
    ViolationCategory = apps.get_model("inspections", "ViolationCategory")
    ViolationCategory.objects.filter(code__in=[c[0] for c in CATEGORIES], findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_businesses_plans_inspections")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
