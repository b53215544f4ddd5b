"""The content of an official document: plain blocks, the issuer's header and the formatting rules of Decree 30.

Pure data: no ORM access (``Issuer.of`` only reads the attributes of the DocumentIssuer it is handed), so the PDF
and Word renderers take the same ``OfficialDocument`` and the register hashes it (``content_payload``).

    doc = OfficialDocument.for_issuer(Issuer.of(issuer), doc_type="BC", subject="Kết quả 6 tháng đầu năm 2021",
                                      body=[Heading("I. ..."), Para("...")], recipients=["Lưu: VT, BPT."])
    doc.number_line  # "Số:      /BC-MT" (a draft)
    issued = doc.issued(number="01/BC-MT", date=day, verification="ABCDE-FGHJK")
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
DRAFT_NOTE = "Bản dự thảo in từ Cổng thông tin ngày {date}: chưa phát hành, chưa có số và ngày ban hành."
VERIFICATION_TEXT = "Mã xác thực: {code} — kiểm tra tại Cổng thông tin Cuộc vận động"
UNSIGNED_NOTE = "Bản điện tử không có chữ ký số: đối chiếu bằng mã xác thực trên Cổng thông tin."
SIGNED_NOTE = "Văn bản điện tử đã được ký số; bản in đối chiếu bằng mã xác thực."
WORD_COPY_NOTE = "Bản Word để chỉnh sửa, không thay thế văn bản đã ban hành (bản PDF có chữ ký số hoặc mã xác thực)."
PRODUCER = "Cổng thông tin Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam"
# What a paper draft leaves for the number: no-break spaces, so the blank survives in PDF and Word alike.
NUMBER_BLANK = "\u00a0" * 8

# Document type codes (Decree 30 appendix) -> the title printed in the document.
DOC_TYPE_TITLES = {
    "BC": "BÁO CÁO",
    "KH": "KẾ HOẠCH",
    "BB": "BIÊN BẢN",
    "QĐ": "QUYẾT ĐỊNH",
    "TB": "THÔNG BÁO",
    "HD": "HƯỚNG DẪN",
    "CTR": "CHƯƠNG TRÌNH",
    "GM": "GIẤY MỜI",
    "TTR": "TỜ TRÌNH",
}


# --------------------------------------------------------------------------------------------------------------
# Public blocks


@dataclass(frozen=True)
class Signature:
    """A signature block: "TM. BAN THƯỜNG TRỰC" / "PHÓ CHỦ TỊCH" / space for signature and seal / full name."""

    authority: str = ""
    title: str = ""
    name: str = ""


@dataclass(frozen=True)
class Heading:
    """A section heading: level 1 bold (text as given, e.g. "I. CÔNG TÁC LÃNH ĐẠO"), level 2 bold, 3 bold italic."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A body paragraph, justified with a first-line indent. Each line of a multi-line text becomes a paragraph.

    Plain text is safe (&, < and > print as written); the simple inline tags <b> <i> <u> <br/> <sup> <sub> work.
    """

    text: str


@dataclass(frozen=True)
class Bullets:
    """Items printed MTTQ-style as indented "- text" paragraphs."""

    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    """A grid table; the bold header row repeats on every page.

    col_widths are relative weights (None: estimated from the texts); columns whose index is in `numeric` are
    right-aligned and numbers in them are printed the Vietnamese way (1.234.567; 12,5). `total_row` is printed
    bold at the end; `title` bold and centred above the table.
    """

    columns: Sequence[str]
    rows: Iterable[Sequence[object]]
    col_widths: Sequence[float] | None = None
    numeric: frozenset[int] | set[int] = frozenset()
    total_row: Sequence[object] | None = None
    title: str | None = None


@dataclass(frozen=True)
class Signatures:
    """Several signature columns side by side (e.g. an inspection record signed by the unit and the team head)."""

    signatures: Sequence[Signature]


@dataclass(frozen=True)
class Image:
    """A picture (JPEG or PNG): its bytes, or the path of a file holding them, with a caption printed under it.

    It prints as large as fits in max_width_mm × max_height_mm (and the text width), keeping its aspect ratio. The
    register hashes the picture's bytes, not the bytes themselves (``content_payload``).
    """

    data: bytes | None = None
    path: str | None = None
    caption: str = ""
    max_width_mm: float = 160
    max_height_mm: float = 120

    def read(self) -> bytes:
        if self.data is not None:
            return bytes(self.data)
        if self.path:
            with open(self.path, "rb") as file:
                return file.read()
        raise ValueError("an Image needs its data or a path")


@dataclass(frozen=True)
class ImageGrid:
    """Pictures side by side, `per_row` to a row (photos of an inspection: two to a row, each with its caption);
    each one is at most as wide as its column."""

    images: Sequence[Image]
    per_row: int = 2


@dataclass(frozen=True)
class NewPage:
    """What follows starts on a new page (a second annex, the amendments of a plan)."""


Block = Heading | Para | Bullets | Table | Signatures | Image | ImageGrid | NewPage


@dataclass(frozen=True)
class Issuer:
    """Who issues a document and how its header and signature read: the one header of every document type."""

    parent_body: str
    issuing_body: str
    place: str
    code: str = ""  # the issuer's code in numbers ("MT" in 12/BC-MT); "" for a body outside the portal's register
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""

    @classmethod
    def of(cls, issuer) -> Issuer:
        """From a steering.models.DocumentIssuer (saved or the unsaved default)."""
        return cls(
            parent_body=issuer.parent_body,
            issuing_body=issuer.issuing_body,
            place=issuer.place_name,
            code=issuer.code,
            signer_authority=issuer.signer_authority,
            signer_title=issuer.signer_title,
            signer_name=issuer.signer_name,
        )

    @property
    def signature(self) -> Signature:
        return Signature(authority=self.signer_authority, title=self.signer_title, name=self.signer_name)


@dataclass
class OfficialDocument:
    """One document. A draft has no number and no date (``number`` ""); ``issued()`` gives the issued copy."""

    parent_body: str
    issuing_body: str
    number: str
    place: str
    date: datetime.date | None
    doc_type: str
    subject: str
    body: list = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None
    annex: list = field(default_factory=list)
    verification: str | None = None
    annex_title: str = "PHỤ LỤC"
    issuer_code: str = ""
    draft: bool = False
    printed_on: datetime.date | None = None  # a draft says when it was printed
    copy_note: str = ""  # a line under the verification code ("unsigned", "an editable copy of …")

    @classmethod
    def for_issuer(
        cls,
        issuer: Issuer,
        *,
        doc_type: str,
        subject: str,
        body: Sequence[Block] = (),
        recipients: Sequence[str] = (),
        annex: Sequence[Block] = (),
        signature: Signature | None = None,
        issuing_body: str | None = None,
        number: str = "",
        date: datetime.date | None = None,
        draft: bool = True,
    ) -> OfficialDocument:
        """A document of `issuer`: a draft unless a number is given (a document issued before the register)."""
        return cls(
            parent_body=issuer.parent_body,
            issuing_body=issuer.issuing_body if issuing_body is None else issuing_body,
            number=number,
            place=issuer.place,
            date=date,
            doc_type=doc_type,
            subject=subject,
            body=list(body),
            recipients=list(recipients),
            signature=signature if signature is not None else issuer.signature,
            annex=list(annex),
            issuer_code=issuer.code,
            draft=draft and not number,
        )

    @property
    def doc_type_title(self) -> str:
        text = (self.doc_type or "").strip()
        return DOC_TYPE_TITLES.get(text.upper(), text.upper())

    @property
    def number_line(self) -> str:
        """ "Số: 01/BC-MT"; a draft leaves the number blank: "Số:        /BC-MT"."""
        if self.number:
            return f"Số: {self.number}"
        symbol = f"/{self.doc_type}-{self.issuer_code}" if self.issuer_code else f"/{self.doc_type}"
        return f"Số:{NUMBER_BLANK}{symbol if self.doc_type else ''}"

    @property
    def date_text(self) -> str:
        return date_line(self.place, None if self.draft else self.date)

    def issued(self, *, number: str, date: datetime.date, verification: str | None = None) -> OfficialDocument:
        return dataclasses.replace(self, number=number, date=date, verification=verification, draft=False)

    def as_draft(self, *, printed_on: datetime.date | None = None) -> OfficialDocument:
        return dataclasses.replace(self, number="", date=None, verification=None, draft=True, printed_on=printed_on)


def content_payload(doc: OfficialDocument) -> dict:
    """What the register hashes and stores: the document's words and figures (tables' rows made lists)."""

    def plain(value):
        if isinstance(value, Image):  # the picture's hash and size: the payload is JSON, and small
            data = value.read()
            return {
                "block": "Image",
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "caption": value.caption,
                "max_width_mm": value.max_width_mm,
                "max_height_mm": value.max_height_mm,
            }
        if isinstance(value, bytes | bytearray | memoryview):
            return {"sha256": hashlib.sha256(value).hexdigest(), "size": len(value)}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out = {"block": type(value).__name__}
            out.update({f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
            return out
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset) or (
            isinstance(value, Iterable) and not isinstance(value, str | bytes)
        ):
            items = [plain(v) for v in value]
            return sorted(items, key=str) if isinstance(value, set | frozenset) else items
        if isinstance(value, datetime.date | Decimal):
            return str(value)
        return value

    return plain(doc)


def materialise(doc: OfficialDocument) -> OfficialDocument:
    """The document with every table's rows read into lists, so two renderers can read the same rows."""

    def fix(blocks: list) -> list:
        out = []
        for block in blocks:
            if isinstance(block, Table) and not isinstance(block.rows, list):
                block = dataclasses.replace(block, rows=[list(r) for r in block.rows])
            out.append(block)
        return out

    return dataclasses.replace(doc, body=fix(doc.body), annex=fix(doc.annex))


# --------------------------------------------------------------------------------------------------------------
# Text helpers


def date_line(place: str, date: datetime.date | None) -> str:
    """ "Hải Dương, ngày 05 tháng 07 năm 2021" (Decree 30: day < 10 and months 1-2 take a leading zero)."""
    if date is None:  # a draft not yet dated: the blanks are filled in when it is issued
        return f"{place}, ngày      tháng      năm"
    if isinstance(date, datetime.datetime):
        date = date.date()
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def document_number(serial: int, doc_type: str, issuer_code: str) -> str:
    """ "01/BC-MT": Decree 30 numbers run from 01, so numbers below 10 take a leading zero."""
    return f"{serial:02d}/{doc_type}-{issuer_code}"


def format_number(value: object, decimals: int | None = None) -> str:
    """Vietnamese number formatting: 1.234.567 and 12,5 (at most two decimals unless `decimals` says otherwise)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        if isinstance(value, float) and value != value:  # NaN
            return ""
        if decimals is None:
            text = f"{value:,.2f}".rstrip("0").rstrip(".")
        else:
            text = f"{value:,.{decimals}f}"
        if text in ("-0", ""):
            text = "0"
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "- …;" lines, the last one ending as written ("- Lưu: VT, BPT.")."""
    lines = [r.strip().lstrip("-").strip() for r in recipients if r and r.strip()]
    out = []
    for index, line in enumerate(lines):
        if index < len(lines) - 1 and not line.endswith((";", ".", ",", ":")):
            line += ";"
        out.append(f"- {line}")
    return out


def annex_note(doc: OfficialDocument) -> str:
    """ "(Kèm theo Báo cáo số 01/BC-MT ngày 05/07/2021)"."""
    text = f"(Kèm theo {doc.doc_type_title.capitalize()}"
    if doc.number:
        text += f" số {doc.number}"
    text += f" ngày {doc.date:%d/%m/%Y})" if doc.date and not doc.draft else ")"
    return text
