"""Demo data for the consolidation page: the provincial office's narrative draft of 2021-H1.

Runs after reporting.demo (which files and accepts the district and agency reports). Idempotent: a draft that
exists is left as it is (the consolidator may have edited it in the demo).
"""

from __future__ import annotations

from reporting.consolidation import selectors
from reporting.consolidation.models import NarrativeDraft
from steering.models import AdministrativeUnit, User

PROVINCE = "30"
PERIOD = "2021-H1"

OPENINGS = {
    "I": (
        "Ban Thường trực Ủy ban MTTQ tỉnh đã ban hành Kế hoạch số 98/KH-MT ngày 28/4/2021 triển khai Cuộc vận động "
        "năm 2021; các huyện, thị xã, thành phố và các tổ chức thành viên đã cụ thể hóa bằng kế hoạch của cấp mình."
    ),
    "III.1": "Cuộc vận động tiếp tục được các cấp, các ngành quan tâm chỉ đạo; công tác phối hợp có nhiều chuyển biến.",
    "III.2": "Một số đơn vị gửi báo cáo chậm; số liệu ở một số chỉ tiêu chưa đầy đủ.",
    "IV": "Tiếp tục tuyên truyền sâu rộng; tổ chức các phiên chợ hàng Việt về nông thôn trong 6 tháng cuối năm.",
    "V": "Đề nghị Ban Chỉ đạo Trung ương tiếp tục hướng dẫn bộ tiêu chí đánh giá mức độ hài lòng của người tiêu dùng.",
}


def seed(stdout=None) -> None:
    unit = AdministrativeUnit.objects.filter(code=PROVINCE).first()
    if unit is None or NarrativeDraft.objects.filter(unit=unit, period_code=PERIOD).exists():
        return
    data = selectors.consolidation_load(unit=unit, period_code=PERIOD)
    if data is None:
        return
    assembled = selectors.narrative_assemble(data=data)
    sections = {}
    for key, text in assembled.items():
        opening = OPENINGS.get(key, "")
        sections[key] = "\n\n".join(part for part in (opening, text) if part)
    NarrativeDraft.objects.create(
        unit=unit,
        period_code=PERIOD,
        sections=sections,
        version=1,
        updated_by=User.objects.filter(username="province").first(),
    )
    if stdout is not None:
        stdout.write(f"consolidation: narrative draft of {unit.name} {PERIOD}")
