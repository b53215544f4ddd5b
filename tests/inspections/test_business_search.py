"""Finding a business quickly on the phone form: options carry folded search text; a search box filters them."""

import re
from html.parser import HTMLParser

import pytest

from inspections import selectors
from inspections.forms import InspectionForm
from inspections.models import Inspection
from steering.models import Membership
from tests.inspections.factories import BusinessFactory, valid_tax_code
from tests.steering.factories import UnitFactory


class _Options(HTMLParser):
    def __init__(self):
        super().__init__()
        self.options: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "option":
            self.options.append(dict(attrs))


def _options(world) -> list[dict]:
    form = InspectionForm(
        plan=world.plan, businesses=selectors.businesses_for_plan(plan=world.plan), members=Membership.objects.none()
    )
    parser = _Options()
    parser.feed(str(form["business"]))
    return parser.options


@pytest.mark.django_db
def test_options_carry_the_folded_name_tax_code_and_commune(world, tree, django_assert_num_queries):
    shop = BusinessFactory(commune=tree.commune, name="Tạp hóa Minh Anh", tax_code=valid_tax_code(4242))
    elsewhere = UnitFactory(code="10549", name="Xã Đồng Lạc", division_type="xa", parent=tree.district)
    agent = BusinessFactory(commune=elsewhere, name="Đại lý Đức Thịnh")

    with django_assert_num_queries(1):
        options = _options(world)
    by_pk = {o["value"]: o for o in options}
    assert by_pk[""].get("data-search") is None  # the empty choice has nothing to search
    assert by_pk[str(shop.pk)]["data-search"] == f"tap hoa minh anh {shop.tax_code} xa nam hong"
    assert by_pk[str(agent.pk)]["data-search"] == f"dai ly duc thinh {agent.tax_code} xa dong lac"
    assert str(world.other_business.pk) not in by_pk  # out of the committee's area: not offered

    # Three times as many businesses in three more communes: still one query for the whole select.
    for n in range(3):
        commune = UnitFactory(code=f"1060{n}", name=f"Xã Thử {n}", division_type="xa", parent=tree.district)
        BusinessFactory.create_batch(4, commune=commune)
    with django_assert_num_queries(1):
        more = _options(world)
    assert len(more) == len(options) + 12 and all(o.get("data-search") for o in more if o["value"])


@pytest.mark.django_db
def test_the_select_keeps_its_name_and_offers_the_search_texts(world):
    form = InspectionForm(
        plan=world.plan, businesses=selectors.businesses_for_plan(plan=world.plan), members=Membership.objects.none()
    )
    html = str(form["business"])
    assert re.search(r'<select name="business"[^>]*data-business-search', html)
    assert "data-search-placeholder=" in html and "data-search-none=" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typing_tap_hoa_narrows_the_businesses_on_a_phone(phone_page, live_server, login, world, tree):
    page = phone_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    minh_anh = BusinessFactory(commune=tree.commune, name="Tạp hóa Minh Anh")
    BusinessFactory(commune=tree.commune, name="TẠP HOÁ Bình An")
    BusinessFactory(commune=tree.commune, name="Siêu thị Đức Thịnh", tax_code=valid_tax_code(777))
    BusinessFactory(commune=tree.commune, name="Hợp tác xã Tạp vụ")

    login(page, "inspector")
    page.goto(f"{live_server.url}/inspections/plans/{world.plan.pk}/log/")
    select = page.locator("select[name=business]")
    search = page.locator(".business-search input[type=search]")

    def offered() -> list[str]:
        texts = select.locator("option").all_inner_texts()
        return sorted(t.strip() for t in texts if t.strip() != "---------")

    assert offered() == [
        "Cửa hàng Hải Hà",
        "Hợp tác xã Tạp vụ",
        "Siêu thị Đức Thịnh",
        "TẠP HOÁ Bình An",
        "Tạp hóa Minh Anh",
    ]
    search.fill("tap hoa")
    assert offered() == ["TẠP HOÁ Bình An", "Tạp hóa Minh Anh"]
    search.fill("duc")
    assert offered() == ["Siêu thị Đức Thịnh"]
    search.fill(valid_tax_code(777))
    assert offered() == ["Siêu thị Đức Thịnh"]
    search.fill("nam hong minh")  # the commune's name and a word of the business
    assert offered() == ["Tạp hóa Minh Anh"]
    search.fill("khong co")
    assert offered() == [] and page.locator(".business-search .form-text").inner_text() != ""
    search.press("Enter")  # must not submit the record
    assert "/log/" in page.url and Inspection.objects.count() == 0

    search.fill("tap hoa")
    select.select_option(label="Tạp hóa Minh Anh")
    search.fill("duc")  # the chosen business stays in the select while searching for another
    assert offered() == ["Siêu thị Đức Thịnh", "Tạp hóa Minh Anh"] and select.input_value() == str(minh_anh.pk)
    search.fill("")
    assert len(offered()) == 5 and select.input_value() == str(minh_anh.pk)

    # Autosave keeps the chosen business: a reload restores it from this phone.
    page.fill("input[name=inspected_at]", "2021-05-10T09:30")
    page.reload()
    assert page.locator("#draft-notice").is_visible()
    assert select.input_value() == str(minh_anh.pk)

    search.fill("tap hoa")
    page.locator("button[name=action][value=save]").click()
    page.wait_for_url(re.compile(r"/inspections/records/\d+/edit/$"))
    assert Inspection.objects.get().business_id == minh_anh.pk
    assert errors == []
