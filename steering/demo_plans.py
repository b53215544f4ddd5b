"""Demo data: Kế hoạch 98/KH-MT of 28/04/2021 with the tasks of its sections II and III, assigned as the plan
assigns them; the district committees' copies; a few progress updates; a provincial member following each
district; and a year of campaign activities for the province, the districts and some communes.

Idempotent: keyed on the plan (unit 30, 2021, 98/KH-MT); everything is written in one transaction, so a second
run finds the plan and adds nothing. Deterministic: a seeded generator picks dates and figures.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from steering.models import (
    ActivityKind,
    AdministrativeUnit,
    Agency,
    Committee,
    ContentArea,
    LeadKind,
    MemberRole,
    Membership,
    Plan,
    PlanTask,
    Recurrence,
    TaskStatus,
    User,
)
from steering.plans import services

PROVINCE_CODE = "30"
NUMBER = "98/KH-MT"
A = ContentArea

PURPOSE = """1. Mục đích
Nâng cao hiệu quả công tác tuyên truyền, triển khai cuộc vận động trong tình hình mới, góp phần thực hiện mục tiêu \
phục hồi nhanh nền kinh tế trên địa bàn tỉnh do bị ảnh hưởng của dịch bệnh Covid-19 nhằm tăng cường sự lãnh đạo \
của các cấp ủy Đảng, công tác phối hợp của chính quyền; phát huy vai trò của Mặt trận Tổ quốc, các đoàn thể chính \
trị - xã hội trong việc tích cực vận động tham gia hưởng ứng cuộc vận động.
Phát huy vai trò của các doanh nghiệp trong hưởng ứng cuộc vận động; khơi dậy tinh thần tự hào, tự tôn dân tộc của \
mỗi người dân Việt Nam thông qua việc lựa chọn, tiêu dùng hàng hóa, dịch vụ thương hiệu Việt.
Chính quyền, các ngành chức năng liên quan, quan tâm, tạo điều kiện cho các doanh nghiệp trong nước tiếp cận và \
trực tiếp bán hàng cho người tiêu dùng; sản xuất ra nhiều mặt hàng Việt Nam có chất lượng, sức cạnh tranh cao, đáp \
ứng nhu cầu tiêu dùng trong nước và xuất khẩu, nâng cao năng lực sản xuất, cạnh tranh của nền kinh tế trong nước.
2. Yêu cầu
- Ở từng cấp, Ban chỉ đạo cuộc vận động phân công trách nhiệm cụ thể cho các cơ quan, tổ chức, đơn vị là thành \
viên Ban chỉ đạo Cuộc vận động.
- Đề nghị MTTQ các cấp tăng cường công tác kiểm tra, giám sát đánh giá việc triển khai cuộc vận động ở từng cấp; \
đảm bảo chế độ thông tin, báo cáo của các cơ quan, tổ chức, đơn vị là thành viên Ban chỉ đạo Cuộc vận động."""

STANDING = "Ủy ban MTTQ Việt Nam tỉnh"
SCT = "Sở Công Thương"
QLTT = "Cục Quản lý thị trường tỉnh"
STTTT = "Sở Thông tin và Truyền thông"
BTG = "Ban Tuyên giáo Tỉnh ủy"
BAO = "Báo Hải Dương"
DAI = "Đài Phát thanh và Truyền hình tỉnh"
SKHDT = "Sở Kế hoạch và Đầu tư"
SKHCN = "Sở Khoa học và Công nghệ"
STC = "Sở Tài chính"
SNN = "Sở Nông nghiệp và Phát triển nông thôn"
CA = "Công an tỉnh"
BVNTD = "Hội Bảo vệ người tiêu dùng tỉnh"
SYT = "Sở Y tế"
LMHTX = "Liên minh Hợp tác xã tỉnh"
HND = "Hội Nông dân tỉnh"
HLHPN = "Hội Liên hiệp Phụ nữ tỉnh"

D = datetime.date
SIX = Recurrence.SIX_MONTHLY

# Every task of sections II and III of the plan, in its order; "details" is the plan's own wording (a long item of
# the plan that hands out several tasks is split, each task keeping its part of the sentence). The plan names few
# leads and deadlines itself ("MTTQ các cấp phối hợp với …", "Hội bảo vệ người tiêu dùng tỉnh …", "hàng năm",
# "định kỳ 6 tháng và 01 năm", "Thường xuyên …"); where it names none, the demo gives the agency of the sector and
# a date in 2021. No due date prints as "Thường xuyên".
# (section, area, title, details, lead, co-operating agencies, due date, recurrence, expected output, cascade)
# lead: an agency name, ("position", role) or ("members",).
TASKS = [
    # II.1 Công tác tuyên truyền thực hiện Cuộc vận động
    (
        "II.1",
        A.PROPAGANDA,
        "Tuyên truyền, triển khai Cuộc vận động theo Kết luận 264, Kết luận 107 và Kết luận 77",
        "Tiếp tục tuyên truyền, triển khai thực hiện Cuộc vận động theo Thông báo Kết luận số 264 ngày 31/7/2009 của "
        "Bộ Chính trị, Kết luận 107 ngày 10/4/2015 của Ban Bí thư về nâng cao vai trò, trách nhiệm của cấp ủy, chính "
        "quyền các cấp, các ngành, các cơ quan, đơn vị, Mặt trận tổ quốc, các đoàn thể, các doanh nghiệp trong thực "
        "hiện Cuộc vận động; Kết luận số 77 ngày 05/6/2020 của Bộ Chính trị về chủ trương khắc phục tác động của đại "
        "dịch Covid-19 để phục hồi và phát triển nền kinh tế đất nước. Tổ chức phổ biến, quán triệt những nội dung "
        "mới về Cuộc vận động (sau khi Ban Bí thư ban hành Chỉ thị về thực hiện Cuộc vận động).",
        STANDING,
        [BTG, STTTT],
        D(2021, 6, 14),
        SIX,
        "Số hội nghị, buổi tuyên truyền; số lượt người tham dự",
        True,
    ),
    (
        "II.1",
        A.PROPAGANDA,
        "Tuyên truyền trên các phương tiện thông tin đại chúng; giới thiệu cách làm hay, gương điển hình",
        "Phát huy kết quả công tác tuyên truyền về cuộc vận động trong những năm qua, tiếp tục tuyên truyền trên các "
        "phương tiện thông tin đại chúng; kịp thời giới thiệu những cách làm hay, gương điển hình trong thực hiện "
        "cuộc vận động ở địa phương, đơn vị, cơ quan...",
        STTTT,
        [BAO, DAI],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Chuyên mục, tin, bài, phóng sự",
        False,
    ),
    (
        "II.1",
        A.PROPAGANDA,
        "Tuyên truyền miệng qua báo cáo viên, cộng tác viên và người có uy tín ở cộng đồng",
        "Phát huy hoạt động công tác tuyên truyền miệng như: thông qua đội ngũ báo cáo viên, cộng tác viên và người "
        "có uy tín ở cộng đồng, thôn, khu dân cư.",
        BTG,
        [STANDING],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số buổi tuyên truyền miệng",
        False,
    ),
    (
        "II.1",
        A.PROPAGANDA,
        "Tuyên truyền ý nghĩa Cuộc vận động; giới thiệu sản phẩm, dịch vụ thương hiệu Việt chất lượng và doanh "
        "nghiệp uy tín",
        "Tuyên truyền về ý nghĩa Cuộc vận động trong tình hình mới; tuyên truyền về chủ trương của Đảng trong lãnh "
        "đạo thực hiện Cuộc vận động. Giới thiệu về những sản phẩm, dịch vụ thương hiệu Việt chất lượng, những địa "
        "chỉ doanh nghiệp uy tín để người tiêu dùng có đầy đủ thông tin về sản phẩm, hàng hóa thương hiệu Việt trên "
        "thị trường.",
        STTTT,
        [BTG, SCT, BAO, DAI],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Tin, bài giới thiệu sản phẩm, doanh nghiệp",
        False,
    ),
    # II.2 Rà soát các chính sách hỗ trợ doanh nghiệp của bộ, ngành, địa phương
    (
        "II.2",
        A.POLICY,
        "Xây dựng kế hoạch thực hiện Nghị quyết 10-NQ/TW về phát triển kinh tế tư nhân",
        "Kế hoạch thực hiện các nội dung trong Nghị quyết 10-NQ/TW Hội nghị lần thứ 5 Ban Chấp hành Trung ương Đảng "
        "khóa XII “Về phát triển kinh tế tư nhân trở thành một động lực quan trọng của nền kinh tế thị trường định "
        "hướng XHCN”.",
        SKHDT,
        [SCT],
        D(2021, 9, 30),
        Recurrence.NONE,
        "Kế hoạch thực hiện",
        False,
    ),
    (
        "II.2",
        A.POLICY,
        "Hỗ trợ doanh nghiệp xây dựng thương hiệu, quảng bá, giới thiệu sản phẩm, đưa hàng Việt đến người tiêu dùng",
        "Hỗ trợ các doanh nghiệp xây dựng thương hiệu, quảng bá giới thiệu sản phẩm, đưa hàng Việt đến với người "
        "tiêu dùng.",
        SCT,
        [SKHDT, STC],
        D(2021, 9, 30),
        Recurrence.NONE,
        "Số doanh nghiệp được hỗ trợ",
        False,
    ),
    (
        "II.2",
        A.POLICY,
        "Cải cách thủ tục hành chính, tạo môi trường kinh doanh thông thoáng cho doanh nghiệp",
        "Thực hiện cải cách thủ tục hành chính, tạo môi trường kinh doanh thông thoáng cho các doanh nghiệp.",
        SKHDT,
        [SCT],
        D(2021, 12, 14),
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "II.2",
        A.POLICY,
        "Đẩy mạnh Chương trình thương hiệu quốc gia Việt Nam, Chương trình phát triển công nghiệp hỗ trợ",
        "Đẩy mạnh thực hiện Chương trình thương hiệu quốc gia Việt Nam, Chương trình phát triển công nghiệp hỗ trợ...",
        SCT,
        [SKHCN, SKHDT],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số sản phẩm, doanh nghiệp tham gia chương trình",
        False,
    ),
    (
        "II.2",
        A.POLICY,
        "Ban hành chính sách phù hợp với địa phương, tạo môi trường sản xuất kinh doanh thuận lợi",
        "Ban hành chính sách cụ thể, phù hợp với đặc điểm tình hình địa phương, tạo môi trường sản xuất kinh doanh "
        "thuận lợi cho doanh nghiệp, hộ sản xuất kinh doanh cá thể.",
        SKHDT,
        [STC, SCT],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Văn bản chính sách được ban hành",
        False,
    ),
    # II.3 Tăng cường công tác phối hợp kiểm tra, kiểm soát thị trường; nâng cao hiệu quả giám sát, khảo sát
    (
        "II.3",
        A.MARKET,
        "Phối hợp kiểm tra, kiểm soát thị trường; xử lý gian lận thương mại, hàng giả, hàng kém chất lượng",
        "MTTQ các cấp phối hợp với các cơ quan chức năng, đặc biệt phối hợp chặt chẽ với Sở Công thương, Chi cục quản "
        "lý thị trường, ngành công an, thường xuyên kiểm tra, giám sát; xử lý nghiêm các hành vi gian lận thương mại, "
        "vận chuyển, mua bán hàng giả, hàng kém chất lượng.",
        STANDING,
        [SCT, QLTT, CA],
        D(2021, 6, 14),
        SIX,
        "Số cuộc kiểm tra, giám sát; số vụ vi phạm được kiến nghị xử lý",
        False,
    ),
    (
        "II.3",
        A.MARKET,
        "Giám sát thực hiện Nghị quyết 10-NQ/TW; kiểm tra, giám sát đột xuất khi có việc ảnh hưởng đến bình ổn giá",
        "Phối hợp với các ngành chức năng, các tổ chức thành viên, giám sát việc thực hiện Nghị quyết 10-NQ/TW Hội "
        "nghị lần thứ 5 Ban Chấp hành Trung ương Đảng khóa XII “Về phát triển kinh tế tư nhân trở thành một động lực "
        "quan trọng của nền kinh tế thị trường định hướng XHCN”; Phối hợp với ngành chức năng kiểm tra, giám sát đột "
        "xuất khi có các sự việc ảnh hưởng đến bình ổn giá, tiêu thụ sản phẩm của doanh nghiệp địa phương.",
        STANDING,
        [SCT, STC],
        None,
        Recurrence.NONE,
        "Báo cáo kết quả giám sát",
        False,
    ),
    (
        "II.3",
        A.MARKET,
        "Thông tin về nhãn, mác, thương hiệu sản phẩm gắn với chương trình OCOP; giới thiệu sản phẩm mới",
        "Thường xuyên thông tin để các cơ quan, tổ chức và người dân nắm được về các nhãn, mác và thương hiệu sản "
        "phẩm trên thị trường, gắn với chương trình OCOP “Mỗi xã một sản phẩm”. Tổ chức giới thiệu các sản phẩm mới "
        "của các doanh nghiệp, làng nghề của địa phương.",
        SNN,
        [SCT],
        None,
        Recurrence.NONE,
        "Danh mục sản phẩm OCOP được giới thiệu",
        False,
    ),
    (
        "II.3",
        A.MARKET,
        "Phát huy vai trò của Hội Bảo vệ người tiêu dùng: thu thập thông tin, ngăn chặn vi phạm bản quyền, nhãn hiệu",
        "Phát huy vai trò của Hội bảo vệ người tiêu dùng tỉnh, cần tăng cường công tác thu thập thông tin của người "
        "tiêu dùng về hàng hóa trên thị trường, kịp thời thông tin trên các phương tiện thông tin đại chúng và phối "
        "hợp với các cơ quan chức năng kịp thời ngăn chặn và xử lý những hành vi vi phạm bản quyền, nhãn hiệu, thương "
        "hiệu, sản phẩm kém chất lượng...",
        BVNTD,
        [QLTT, STTTT],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số thông tin phản ánh được tiếp nhận, chuyển xử lý",
        False,
    ),
    (
        "II.3",
        A.MARKET,
        "Chống buôn bán hàng lậu, hàng giả; quản lý chất lượng, giá cả; bảo đảm vệ sinh an toàn thực phẩm",
        "Tăng cường phối hợp với các ngành chức năng thực hiện tốt công tác quản lý thị trường, chống buôn bán, tiêu "
        "thụ hàng lậu, hàng giả, hàng kém chất lượng, hàng hoá không rõ nguồn gốc; quản lý chất lượng, giá cả sản "
        "phẩm. Đề nghị xử lý nghiêm các hành vi vi phạm về chất lượng sản phẩm, hàng hoá, thực hiện tốt các qui định "
        "về chính sách bảo vệ người tiêu dùng; bảo đảm vệ sinh an toàn thực phẩm cho người tiêu dùng.",
        QLTT,
        [SCT, CA, SYT],
        D(2021, 6, 14),
        SIX,
        "Số vụ kiểm tra, số vụ vi phạm được xử lý",
        False,
    ),
    # II.4 Công tác vận động, kêu gọi đầu tư, mở rộng thị trường, đưa hàng Việt Nam về nông thôn và khu công nghiệp
    (
        "II.4",
        A.TRADE,
        "Tổ chức hội chợ thương mại giới thiệu, quảng bá sản phẩm sản xuất trong nước, trong tỉnh",
        "Ban Chỉ đạo phối hợp với chính quyền cùng cấp, các doanh nghiệp trong và ngoài tỉnh tổ chức các cuộc Hội chợ "
        "thương mại để giới thiệu, quảng bá sản phẩm sản xuất trong nước, trong tỉnh để người tiêu dùng lựa chọn mua "
        "sắm.",
        SCT,
        [LMHTX, HND, HLHPN],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số hội chợ; số gian hàng, doanh thu",
        False,
    ),
    (
        "II.4",
        A.TRADE,
        "Thành lập kiốt bán hàng Việt ở các xã vùng sâu, vùng xa; xây dựng mạng lưới bán lẻ hàng Việt",
        "Vận động tổ chức thành lập Kiot bán hàng Việt, phân phối hàng Việt đến các chợ bán hàng Việt chất lượng cao "
        "ở các xã vùng sâu, vùng xa, xây dựng mạng lưới bán lẻ, siêu thị mini, shop, cửa hàng tiện ích, đại lý... "
        "phục vụ và đáp ứng nhu cầu người tiêu dùng.",
        SCT,
        [LMHTX, HLHPN],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số kiốt, điểm bán hàng Việt",
        False,
    ),
    (
        "II.4",
        A.TRADE,
        "Tổ chức phiên chợ “Hàng Việt về nông thôn” ở địa bàn có nhiều người nghèo, thu nhập thấp",
        "Triển khai Cuộc vận động tập trung vào các đối tượng là khách hàng tiềm năng. Song song với việc phối hợp tổ "
        "chức các phiên chợ “Hàng Việt về nông thôn”, địa bàn có nhiều đối tượng nghèo, có thu nhập thấp.",
        STANDING,
        [SCT, HND, HLHPN],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số phiên chợ; số gian hàng, doanh thu",
        True,
    ),
    (
        "II.4",
        A.TRADE,
        "Vận động doanh nghiệp xây dựng thương hiệu hàng Việt trong lòng người Việt",
        "Vận động doanh nghiệp hướng đến xây dựng thương hiệu hàng Việt trong lòng người Việt làm mục tiêu lâu dài.",
        STANDING,
        [SCT, LMHTX],
        D(2021, 12, 14),
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "II.4",
        A.TRADE,
        "Tổ chức triển lãm hàng Việt Nam, giới thiệu cách nhận biết hàng thật, hàng giả",
        "Tổ chức triển lãm hàng Việt Nam, giới thiệu cách nhận biết hàng thật, hàng giả làm cơ sở cho người tiêu dùng "
        "lựa chọn, để giúp người tiêu dùng trong tỉnh tiếp cận trực tiếp với thương hiệu, hàng hóa Việt, có đủ thông "
        "tin so sánh với hàng hóa nhập ngoại, tạo điều kiện cho hàng Việt phát triển.",
        SCT,
        [QLTT, BVNTD],
        D(2021, 11, 30),
        Recurrence.NONE,
        "Số cuộc triển lãm, lượt khách tham quan",
        False,
    ),
    (
        "II.4",
        A.TRADE,
        "Xây dựng thương hiệu Việt từ những mặt hàng thủ công mỹ nghệ, truyền thống",
        "Xây dựng thương hiệu Việt từ những mặt hàng thủ công mỹ nghệ, truyền thống...",
        SNN,
        [SCT, LMHTX],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số sản phẩm làng nghề được xây dựng thương hiệu",
        False,
    ),
    (
        "II.4",
        A.TRADE,
        "Tư vấn cho người tiêu dùng sản phẩm hàng Việt chất lượng cao; khắc phục tâm lý sính “hàng ngoại”",
        "Thông tin định hướng và tư vấn cho người tiêu dùng những sản phẩm hàng Việt có chất lượng cao, tạo động lực "
        "nâng cao chất lượng và năng lực cạnh tranh hàng Việt, khắc phục tâm lý sính “hàng ngoại” theo thói quen của "
        "người tiêu dùng và xem việc ưu tiên dùng hàng Việt là một biểu hiện của lòng yêu nước.",
        STTTT,
        [BVNTD, BAO, DAI],
        None,
        Recurrence.NONE,
        "Tin, bài, chuyên mục tư vấn tiêu dùng",
        False,
    ),
    # II.5 Kiện toàn Ban chỉ đạo cuộc vận động
    (
        "II.5",
        A.COMMITTEES,
        "Bổ sung thành viên mới của Ban Chỉ đạo cấp tỉnh do thay đổi nhân sự tại các sở, ngành",
        "Bổ sung các thành viên mới của Ban chỉ đạo cuộc vận động cấp tỉnh do có sự thay đổi về nhân sự tại các Sở, "
        "ngành.",
        STANDING,
        [],
        D(2021, 6, 30),
        Recurrence.NONE,
        "Quyết định kiện toàn Ban Chỉ đạo",
        False,
    ),
    (
        "II.5",
        A.COMMITTEES,
        "Phân công thành viên Ban Chỉ đạo cấp tỉnh theo dõi, đôn đốc, kiểm tra các huyện, thị xã, thành phố",
        "Phân công thành viên Ban chỉ đạo cấp tỉnh theo dõi, đôn đốc và kiểm tra việc triển khai cuộc vận động tại "
        "các huyện, thị xã, thành phố.",
        STANDING,
        [],
        D(2021, 5, 31),
        Recurrence.NONE,
        "Văn bản phân công",
        False,
    ),
    # II.6 Tăng cường trách nhiệm của các cơ quan, tổ chức trong việc bảo vệ quyền lợi của người tiêu dùng
    (
        "II.6",
        A.CONSUMERS,
        "Thông tin về thương hiệu quốc gia, nhãn hiệu sản phẩm; giới thiệu sản phẩm ứng dụng khoa học công nghệ mới",
        "Thường xuyên thông tin về các thương hiệu quốc gia, các nhãn hiệu sản phẩm trên thị trường gắn với chương "
        "trình “Thương hiệu quốc gia Việt Nam”, “Mỗi xã một sản phẩm”; tổ chức giới thiệu các sản phẩm ứng dụng khoa "
        "học công nghệ mới của các doanh nghiệp, làng nghề của địa phương.",
        SKHCN,
        [SCT, SNN, STTTT],
        None,
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "II.6",
        A.CONSUMERS,
        "Thông tin về nhãn, mác, thương hiệu sản phẩm gắn với chương trình OCOP “Mỗi xã một sản phẩm”",
        "Thường xuyên thông tin về các nhãn, mác và thương hiệu sản phẩm trên thị trường, gắn với chương trình OCOP "
        "“Mỗi xã một sản phẩm”, tổ chức giới thiệu các sản phẩm mới của các doanh nghiệp, làng nghề của địa phương.",
        STTTT,
        [SNN, BAO, DAI],
        None,
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "II.6",
        A.CONSUMERS,
        "Thu thập thông tin của người tiêu dùng về hàng hóa trên thị trường; thông tin trên phương tiện đại chúng",
        "Hội bảo vệ người tiêu dùng tỉnh, cần tăng cường công tác thu thập thông tin của người tiêu dùng về hàng hóa "
        "trên thị trường và kịp thời thông tin trên các phương tiện thông tin đại chúng, với các cơ quan chức năng "
        "kịp thời xử lý các trường hợp vi phạm bản quyền, nhãn hiệu, sản phẩm kém chất lượng...",
        BVNTD,
        [QLTT, SYT],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số đơn thư khiếu nại được tiếp nhận, giải quyết",
        False,
    ),
    (
        "II.6",
        A.CONSUMERS,
        "Quản lý chất lượng, giá cả sản phẩm; thực hiện chính sách bảo vệ người tiêu dùng, an toàn thực phẩm",
        "Tăng cường phối hợp với các ngành chức năng thực hiện tốt công tác quản lý thị trường, chống buôn bán, tiêu "
        "thụ hàng lậu, hàng giả, hàng kém chất lượng, hàng hoá không rõ nguồn gốc; quản lý chất lượng, giá cả sản "
        "phẩm. Đề nghị xử lý nghiêm các hành vi vi phạm về chất lượng sản phẩm, hàng hoá, thực hiện tốt các quy định "
        "về chính sách bảo vệ người tiêu dùng; bảo đảm vệ sinh an toàn thực phẩm cho người tiêu dùng.",
        SYT,
        [QLTT, SCT, BVNTD],
        D(2021, 12, 14),
        Recurrence.NONE,
        "Số cơ sở được kiểm tra an toàn thực phẩm",
        False,
    ),
    # III.1.1 Cấp tỉnh: trách nhiệm của cơ quan Thường trực
    (
        "III.1.1",
        A.PROPAGANDA,
        "Xây dựng Kế hoạch tiếp tục tổ chức thực hiện Kết luận số 107-KL/TW ngày 10/4/2015 của Ban Bí thư",
        "Xây dựng Kế hoạch tiếp tục tổ chức thực hiện Kết luận số 107-KL/TW ngày 10/4/2015 của Ban Bí thư về việc "
        "tiếp tục tăng cường sự lãnh đạo của Đảng đối với việc thực hiện cuộc vận động “Người Việt Nam ưu tiên dùng "
        "hàng Việt Nam”; các văn bản, chủ trương mới của Đảng, Chính phủ về nâng cao hiệu quả cuộc vận động trong "
        "giai đoạn tiếp theo.",
        STANDING,
        [],
        D(2021, 6, 30),
        Recurrence.NONE,
        "Kế hoạch",
        False,
    ),
    (
        "III.1.1",
        A.TRADE,
        "Phối hợp với Sở Công Thương triển khai Đề án “Phát triển thị trường trong nước” (Quyết định 634/QĐ-TTg)",
        "Phối hợp với Sở Công Thương tiếp tục tuyên truyền, triển khai thực hiện Đề án “Phát triển thị trường trong "
        "nước” gắn với cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” theo Quyết định số 634/QĐ-TTg, ngày "
        "29/4/2014 của Thủ tướng Chính phủ. Tổ chức các chương trình, hoạt động triển lãm, quảng bá, giới thiệu sản "
        "phẩm, hàng hóa Việt Nam, đưa hàng Việt về nông thôn và vùng sâu, vùng xa, vùng dân tộc.",
        STANDING,
        [SCT],
        D(2021, 12, 14),
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "III.1.1",
        A.MARKET,
        "Giúp cơ quan Thường trực xây dựng kế hoạch giám sát, kiểm tra hằng năm",
        "Đề nghị Ban giám đốc Sở Công thương theo chức năng nhiệm vụ của mình, giúp cơ quan Thường trực ban chỉ đạo, "
        "hàng năm xây dựng kế hoạch giám sát, kiểm tra các cơ quan, tổ chức đơn vị trong việc tổ chức triển khai và "
        "hưởng ứng cuộc vận động theo các nội dung của kế hoạch.",
        ("position", MemberRole.STANDING_DEPUTY),
        [SCT],
        D(2021, 6, 30),
        Recurrence.YEARLY,
        "Kế hoạch kiểm tra năm",
        False,
    ),
    (
        "III.1.1",
        A.CONSUMERS,
        "Đánh giá sự hài lòng của người tiêu dùng đối với sản phẩm, dịch vụ thương hiệu Việt",
        "Phối hợp với các cơ quan liên quan là thành viên Ban Chỉ đạo cuộc vận động của tỉnh tổ chức đánh giá sự hài "
        "lòng của người tiêu dùng đối với sản phẩm, dịch vụ thương hiệu Việt; phối hợp tổ chức công bố, giới thiệu "
        "thông tin đối với sản phẩm, dịch vụ thương hiệu Việt.",
        STANDING,
        [BVNTD, SCT],
        D(2021, 11, 30),
        Recurrence.NONE,
        "Kết quả khảo sát",
        False,
    ),
    (
        "III.1.1",
        A.MARKET,
        "Vận động nhân dân giám sát, phát hiện sản xuất, kinh doanh hàng giả, hàng kém chất lượng",
        "Phối hợp với các cơ quan liên quan vận động nhân dân giám sát, phát hiện việc sản xuất, kinh doanh hàng hóa "
        "kém chất lượng, hàng giả, hàng không rõ nguồn gốc, hàng nhái nhãn mác; phối hợp đề nghị các cơ quan chức "
        "năng xử lý kịp thời.",
        STANDING,
        [QLTT, CA],
        D(2021, 12, 14),
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "III.1.1",
        A.MARKET,
        "Giám sát việc mua sắm trang thiết bị phục vụ công sở của cơ quan nhà nước đối với hàng Việt",
        "Tăng cường công tác phối hợp với các ngành hướng dẫn, đôn đốc, kiểm tra việc thực hiện Cuộc vận động ở các "
        "cấp; giám sát việc mua sắm trang thiết bị phục vụ công sở của các cơ quan nhà nước, đơn vị sự nghiệp đối "
        "với hàng Việt.",
        STANDING,
        [STC],
        D(2021, 12, 14),
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "III.1.1",
        A.COMMITTEES,
        "Hướng dẫn Ban Thường trực MTTQ các huyện, thị xã, thành phố kiện toàn Ban Chỉ đạo cấp huyện",
        "Hướng dẫn Ban Thường trực Ủy ban MTTQ các huyện, thị xã, thành phố, kiện toàn Ban chỉ đạo cuộc vận động "
        "“Người Việt Nam ưu tiên dùng hàng Việt Nam” cấp huyện.",
        STANDING,
        [],
        D(2021, 6, 30),
        Recurrence.NONE,
        "Văn bản hướng dẫn",
        False,
    ),
    (
        "III.1.1",
        A.MARKET,
        "Xây dựng kế hoạch triển khai trên địa bàn tỉnh; phối hợp với Sở Công Thương xây dựng kế hoạch kiểm tra",
        "Xây dựng kế hoạch triển khai thực hiện cuộc vận động trên địa bàn tỉnh; Phối hợp với Sở Công thương xây dựng "
        "kế hoạch kiểm tra của Ban chỉ đạo tại một số đơn vị sản xuất, kinh doanh trên địa bàn tỉnh.",
        STANDING,
        [SCT],
        D(2021, 7, 31),
        Recurrence.NONE,
        "Kế hoạch kiểm tra",
        False,
    ),
    # III.1.2 Cấp tỉnh: trách nhiệm các thành viên Ban chỉ đạo
    (
        "III.1.2",
        A.MARKET,
        "Tham gia các đoàn kiểm tra của Ban Chỉ đạo tại các đơn vị sản xuất kinh doanh trên địa bàn tỉnh",
        "Tham gia các đoàn kiểm tra của Ban chỉ đạo cuộc vận động tỉnh tại các đơn vị sản xuất kinh doanh trên địa "
        "bàn tỉnh theo kế hoạch được phân công.",
        ("members",),
        [],
        D(2021, 11, 30),
        Recurrence.NONE,
        "",
        False,
    ),
    (
        "III.1.2",
        A.COMMITTEES,
        "Báo cáo kết quả thực hiện về cơ quan Thường trực định kỳ 6 tháng và 01 năm",
        "Báo cáo kết quả thực hiện về cơ quan Thường trực để tổng hợp báo cáo kết quả với cấp ủy, Ban chỉ đạo Trung "
        "ương cuộc vận động và Ban chỉ đạo tỉnh theo quy định.",
        ("members",),
        [],
        D(2021, 6, 14),
        SIX,
        "Báo cáo 6 tháng, báo cáo năm",
        False,
    ),
    # III.2 Cấp huyện (each district committee gets its copy)
    (
        "III.2",
        A.PROPAGANDA,
        "Xây dựng kế hoạch triển khai cuộc vận động tại địa phương, báo cáo cấp ủy",
        "Căn cứ vào kế hoạch triển khai các hoạt động cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” của "
        "BCĐ tỉnh, Ban Thường trực Ủy ban MTTQ các huyện, thị xã, thành phố xây dựng kế hoạch báo cáo cấp ủy, phối "
        "hợp với chính quyền, các ban, ngành chức năng, các tổ chức thành viên triển khai thực hiện cuộc vận động "
        "tại địa phương.",
        STANDING,
        [],
        D(2021, 5, 31),
        Recurrence.NONE,
        "Kế hoạch của cấp huyện",
        True,
    ),
    (
        "III.2",
        A.COMMITTEES,
        "Kiện toàn ngay Ban Chỉ đạo cuộc vận động ở đơn vị chưa kiện toàn",
        "Đối với các đơn vị chưa kiện toàn Ban chỉ đạo cuộc vận động, đề nghị Ban Thường trực Ủy ban MTTQ báo cáo và "
        "xin ý kiến chỉ đạo của cấp ủy để kiện toàn ngay Ban chỉ đạo cuộc vận động.",
        STANDING,
        [],
        D(2021, 6, 30),
        Recurrence.NONE,
        "Quyết định kiện toàn",
        True,
    ),
    (
        "III.2",
        A.PROPAGANDA,
        "Hướng dẫn Ban Thường trực MTTQ các xã, phường, thị trấn triển khai thực hiện cuộc vận động",
        "Hướng dẫn Ban Thường trực Ủy ban MTTQ các xã, phường, thị trấn triển khai thực hiện cuộc vận động đến cán "
        "bộ, đảng viên, các tầng lớp nhân dân tích cực hưởng ứng thực hiện Cuộc vận động tại cơ sở.",
        STANDING,
        [],
        D(2021, 7, 31),
        Recurrence.NONE,
        "Văn bản hướng dẫn",
        True,
    ),
    # From the plan's closing paragraph: the districts report every six months and every year.
    (
        "III.2",
        A.COMMITTEES,
        "Báo cáo kết quả bằng văn bản định kỳ 6 tháng và 01 năm về Ban Thường trực Ủy ban MTTQ tỉnh",
        "Triển khai thực hiện và báo cáo kết quả bằng văn bản định kỳ 6 tháng và 01 năm về Ban Thường trực Ủy ban "
        "MTTQ tỉnh (qua Ban phong trào) để tổng hợp báo cáo tỉnh và Ban chỉ đạo Trung ương.",
        STANDING,
        [],
        D(2021, 6, 14),
        SIX,
        "Báo cáo 6 tháng, báo cáo năm",
        True,
    ),
]

ACTIVITY_PLACES = ["Nhà văn hóa", "Hội trường UBND", "Sân vận động", "Chợ trung tâm", "Trung tâm Văn hóa"]


def _status_script(rng: random.Random) -> list[tuple[str, str]]:
    """A plausible story of updates for one task copy."""
    roll = rng.random()
    if roll < 0.45:
        return [(TaskStatus.IN_PROGRESS, "Đã giao bộ phận chuyên môn triển khai."), (TaskStatus.DONE, "Đã hoàn thành.")]
    if roll < 0.7:
        return [(TaskStatus.IN_PROGRESS, "Đang triển khai, dự kiến hoàn thành đúng hạn.")]
    if roll < 0.8:
        return [(TaskStatus.BLOCKED, "Tạm dừng do dịch Covid-19; chờ ý kiến chỉ đạo.")]
    return []


def _activity(rng, unit, kind, title, date, figures, user) -> None:
    services.activity_save(
        unit=unit,
        kind=kind,
        title=title,
        date=date,
        place=f"{rng.choice(ACTIVITY_PLACES)} {unit.name}",
        figures=figures,
        created_by=user,
    )


def _day(rng, month_from=1, month_to=12) -> datetime.date:
    month = rng.randint(month_from, month_to)
    return D(2021, month, rng.randint(1, 28))


@transaction.atomic
def seed(stdout=None) -> dict:
    province = AdministrativeUnit.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return {}
    existing = Plan.objects.filter(unit=province, year=2021, number=NUMBER).first()
    if existing is not None:
        return {"plan": existing, "created": False}
    rng = random.Random(98)
    committee = Committee.objects.filter(unit=province).order_by("-cycle").first()
    office = User.objects.filter(username="province").first()
    district_user = User.objects.filter(username="district").first()
    agencies = {a.name: a for a in Agency.objects.filter(unit=province)}

    plan = services.plan_save(
        unit=province,
        number=NUMBER,
        date=D(2021, 4, 28),
        title="Triển khai cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm 2021",
        year=2021,
        committee=committee,
        implements_number="286/KH-MTTW-BCĐTWCVĐ",
        implements_date=D(2021, 4, 7),
        implements_issuer="Ban chỉ đạo Trung ương cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        purpose=PURPOSE,
        created_by=office,
    )

    tasks: list[PlanTask] = []
    cascaded: list[PlanTask] = []
    for order, (section, area, title, details, lead, co, due, recurrence, output, cascade) in enumerate(TASKS):
        lead_kwargs: dict = {"lead_kind": LeadKind.AGENCY, "lead_agency": agencies.get(lead)}
        if isinstance(lead, tuple):
            lead_kwargs = {
                "lead_kind": lead[0],
                "lead_committee": committee,
                "lead_role": lead[1] if len(lead) > 1 else "",
            }
        if lead_kwargs.get("lead_kind") == LeadKind.AGENCY and lead_kwargs["lead_agency"] is None:
            continue  # the foundation's demo did not create that agency
        task = services.task_save(
            plan=plan,
            content_area=area,
            title=title,
            description=details,
            co_agencies=[agencies[name] for name in co if name in agencies],
            due_date=due,
            recurrence=recurrence,
            expected_output=output,
            section=section,
            order=(order + 1) * 10,
            created_by=office,
            **lead_kwargs,
        )
        tasks.append(task)
        if cascade:
            cascaded += services.task_cascade(task=task, created_by=office).created

    # Nam Sách passes its "guide the communes" copy down to the communes that have a committee.
    guide = next((t for t in cascaded if t.unit.code == "291" and t.section == "III.2" and "xã" in t.title), None)
    if guide is not None:
        cascaded += services.task_cascade(task=guide, created_by=district_user).created

    # The tasks are the plan's own, recorded from its paper of 28/04/2021: none was added after it was issued
    # (a task entered later is an amendment, printed apart from the plan's tasks).
    PlanTask.objects.filter(plan=plan).update(created_at=timezone.make_aware(datetime.datetime(2021, 4, 28, 8)))

    # Progress: the province has done most of its own work; the districts are at various stages.
    for task in tasks:
        for status, note in _status_script(rng):
            services.task_update_post(task=task, status=status, note=note, author=office)
    for copy in cascaded:
        author = district_user if copy.unit.code == "291" else office
        for status, note in _status_script(rng):
            services.task_update_post(task=copy, status=status, note=note, author=author)

    # One provincial member follows each district (Kế hoạch 98, II.5), the market-surveillance member (the demo
    # inspector) follows Nam Sách and Kinh Môn.
    districts = list(province.children.order_by("code"))
    members = list(
        Membership.objects.filter(committee=committee, end_date__isnull=True)
        .exclude(role__in=[MemberRole.HEAD, MemberRole.SECRETARY])
        .select_related("agency", "person")
        .order_by("pk")
    )
    assigned = 0
    qltt = next((m for m in members if m.agency_id and m.agency.name == QLTT), None)
    others = [m for m in members if m is not qltt]
    plan_for_units: list[tuple[Membership, list[AdministrativeUnit]]] = []
    if qltt is not None:
        plan_for_units.append((qltt, [d for d in districts if d.code in ("291", "292")]))
    rest = [d for d in districts if d.code not in ("291", "292") or qltt is None]
    for i, district in enumerate(rest):
        if others:
            plan_for_units.append((others[i % len(others)], [district]))
    for membership, units in plan_for_units:
        if not units:
            continue
        assignment = services.monitoring_assignment_create(
            committee=committee,
            membership=membership,
            units=units,
            start_date=D(2021, 5, 20),
            plan=plan,
            note="Theo Kế hoạch 98/KH-MT, mục II.5",
            created_by=office,
        )
        assigned += 1
        for unit in units:
            for _ in range(rng.randint(1, 3)):
                services.monitoring_visit_record(
                    assignment=assignment,
                    unit=unit,
                    date=_day(rng, 6, 12),
                    content=f"Theo dõi, đôn đốc việc triển khai Kế hoạch 98/KH-MT tại {unit.name}.",
                    findings=rng.choice(
                        [
                            "Đã xây dựng kế hoạch và tổ chức tuyên truyền; đề nghị tăng cường điểm bán hàng Việt.",
                            "Ban Chỉ đạo đã kiện toàn; cần báo cáo định kỳ đúng hạn.",
                            "Triển khai chậm do dịch Covid-19; đề nghị bổ sung hình thức tuyên truyền trực tuyến.",
                        ]
                    ),
                    created_by=office,
                )

    # A year of activities.
    count = 0
    K = ActivityKind
    _activity(
        rng,
        province,
        K.CONFERENCE,
        "Hội nghị triển khai Kế hoạch 98/KH-MT năm 2021",
        D(2021, 5, 12),
        {"attendees": 180},
        office,
    )
    _activity(
        rng,
        province,
        K.FAIR,
        "Hội chợ hàng Việt Nam tỉnh Hải Dương năm 2021",
        D(2021, 11, 18),
        {
            "booths": 250,
            "businesses": 160,
            "products": 3200,
            "visitors": 42000,
            "revenue_million_vnd": Decimal("8650.5"),
            "days": 5,
        },
        office,
    )
    _activity(
        rng,
        province,
        K.QUIZ,
        "Cuộc thi trực tuyến tìm hiểu về Cuộc vận động",
        D(2021, 9, 1),
        {"entries": 12850},
        office,
    )
    _activity(
        rng,
        province,
        K.POINT_OF_SALE,
        "Ra mắt điểm giới thiệu và bán sản phẩm OCOP tỉnh",
        D(2021, 10, 5),
        {"points_of_sale": 2, "businesses": 35},
        office,
    )
    count += 4
    for month in (3, 6, 9, 12):
        _activity(
            rng,
            province,
            K.MEDIA,
            f"Chuyên mục “Người Việt Nam ưu tiên dùng hàng Việt Nam” quý {month // 3}",
            D(2021, month, 20),
            {"items_published": rng.randint(8, 20), "broadcasts": rng.randint(10, 30)},
            office,
        )
        count += 1
    for district in districts:
        for _ in range(rng.randint(1, 2)):
            _activity(
                rng,
                district,
                K.PROPAGANDA,
                f"Tuyên truyền Cuộc vận động tại {district.name}",
                _day(rng),
                {"attendees": rng.randint(80, 300), "leaflets": rng.choice([None, rng.randint(200, 2000)])},
                office,
            )
            count += 1
        if rng.random() < 0.7:
            _activity(
                rng,
                district,
                K.SALES_DRIVE,
                f"Phiên chợ “Hàng Việt về nông thôn” – {district.name}",
                _day(rng, 4, 12),
                {
                    "booths": rng.randint(30, 80),
                    "businesses": rng.randint(15, 45),
                    "visitors": rng.randint(3000, 12000),
                    "revenue_million_vnd": Decimal(rng.randint(30000, 150000)) / 100,
                    "days": rng.randint(2, 3),
                },
                office,
            )
            count += 1
        _activity(
            rng,
            district,
            K.PRINTED,
            f"Pa nô, băng rôn tuyên truyền – {district.name}",
            _day(rng, 3, 5),
            {"banners": rng.randint(10, 40), "leaflets": rng.randint(500, 3000)},
            office,
        )
        count += 1
    nam_sach = next((d for d in districts if d.code == "291"), None)
    if nam_sach is not None:
        for commune in nam_sach.children.order_by("code")[:5]:
            _activity(
                rng,
                commune,
                K.PROPAGANDA,
                f"Tuyên truyền tại nhà văn hóa thôn – {commune.name}",
                _day(rng, 4, 11),
                {"attendees": rng.randint(40, 120)},
                office,
            )
            _activity(
                rng,
                commune,
                K.MEDIA,
                f"Phát thanh về Cuộc vận động – {commune.name}",
                _day(rng),
                {"broadcasts": rng.randint(8, 24)},
                office,
            )
            count += 2
    if stdout is not None:
        stdout.write(
            f"Plan {NUMBER}: {len(tasks)} tasks, {len(cascaded)} copies, {assigned} monitoring assignments, "
            f"{count} activities."
        )
    return {"plan": plan, "created": True, "tasks": len(tasks), "copies": len(cascaded), "activities": count}
