"""Upload checks by content, photo cleaning, private downloads."""

import io
import zipfile
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils import translation
from PIL import Image

from campaign_portal.uploads import private_file_response, validate_document, validate_image
from campaign_portal.xlsx import Column, Sheet, build_workbook


def png_bytes(size=(120, 80), mode="RGB", color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(120, 80), orientation=None) -> bytes:
    image = Image.new("RGB", size, (20, 120, 200))
    # A red block in the top-left corner tells which way the stored pixels lie.
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    buffer = io.BytesIO()
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(buffer, "JPEG", exif=exif.tobytes())
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

ACCEPTED = [
    ("bao-cao.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "pdf"),
    ("bao-cao.docx", zip_bytes({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w/>"}), "docx"),
    ("so-lieu.xlsx", build_workbook([Sheet("a", [Column("x")], [[1]])]), "xlsx"),
    ("bao-cao.doc", OLE2, "doc"),
    ("so-lieu.xls", OLE2, "xls"),
    ("bao-cao.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "odt"),
    (
        "so-lieu.ods",
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
        "ods",
    ),
    ("anh.jpg", jpeg_bytes(), "jpeg"),
    ("anh.png", png_bytes(), "png"),
    ("ten-sai.txt", b"%PDF-1.4\n%%EOF\n", "pdf"),  # the content decides, not the name
]

REJECTED = [
    ("bao-cao.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not accepted"),
    ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "not accepted"),
    ("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not accepted"),
    ("ghi-chu.txt", "Xin chào".encode(), "not accepted"),
    ("setup.msi", OLE2, "not accepted"),  # same container as .doc, but not a Word or Excel file
    ("macro.docx", zip_bytes({"[Content_Types].xml": DOCM_TYPES}), "not accepted"),
    ("archive.zip", zip_bytes({"a.txt": b"x"}), "not accepted"),
    ("bao-cao.docx", b"PK\x03\x04 broken zip", "not accepted"),
    ("lon.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "larger than 10 MB"),
    ("cut.png", png_bytes((600, 600), color=(1, 2, 3))[:120], "damaged or incomplete"),
    ("rong.pdf", b"", "empty"),
]


@pytest.mark.parametrize(("name", "content", "kind"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_it_accepts_documents_by_their_content(name, content, kind):
    upload = SimpleUploadedFile(name, content)
    assert validate_document(upload) == kind
    assert upload.tell() == 0  # ready to be saved


@pytest.mark.parametrize(("name", "content", "message"), REJECTED, ids=[r[0] for r in REJECTED])
def test_it_rejects_other_files_with_a_clear_message(name, content, message):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_document(SimpleUploadedFile(name, content))
    assert message in caught.value.messages[0]


def test_the_messages_are_in_vietnamese_by_default():
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_document(SimpleUploadedFile("x.pdf", b"<html></html>"))
    assert "không được chấp nhận" in caught.value.messages[0]


def test_validate_image_shrinks_to_1600_pixels_as_jpeg():
    result = validate_image(SimpleUploadedFile("anh.png", png_bytes((4000, 2000), mode="RGBA", color=(0, 0, 0, 0))))
    assert isinstance(result, ContentFile)
    assert result.name.endswith(".jpg") and len(result.name) == 36
    image = Image.open(io.BytesIO(result.read()))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (1600, 800)
    assert image.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)  # transparency on white


def test_validate_image_keeps_small_photos_small():
    image = Image.open(validate_image(SimpleUploadedFile("anh.jpg", jpeg_bytes((300, 200)))))
    assert image.size == (300, 200)


def test_validate_image_turns_the_photo_upright_and_drops_exif():
    # Orientation 6: the camera stored the picture turned; viewers rotate it 90° clockwise.
    result = validate_image(SimpleUploadedFile("anh.jpg", jpeg_bytes((200, 100), orientation=6)))
    image = Image.open(result)
    assert image.size == (100, 200)
    assert image.getpixel((95, 5))[0] > 200  # the red corner is now top-right
    assert 0x0112 not in image.getexif()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.png", png_bytes((600, 600), color=(1, 2, 3))[:150], "damaged or incomplete"),
        ("bao-cao.pdf", b"%PDF-1.4\n%%EOF", "JPEG or PNG"),
        ("anh.jpg", b"<html>", "JPEG or PNG"),
        ("lon.jpg", b"\xff\xd8\xff" + b"0" * (11 * 1024 * 1024), "larger than 10 MB"),
    ],
)
def test_validate_image_rejects_what_is_not_a_sound_photo(name, content, message):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_image(SimpleUploadedFile(name, content))
    assert message in caught.value.messages[0]


def test_validate_image_rejects_a_decompression_bomb():
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 megapixels in a few kilobytes
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_image(SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert "too large in pixels" in caught.value.messages[0]


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)

    def make(name: str, content: bytes | None) -> FieldFile:
        if content is not None:
            name = storage.save(name, ContentFile(content))
        return FieldFile(instance=None, field=FileField(storage=storage), name=name)

    return make


@pytest.mark.django_db  # closing a response fires request_finished, which checks the connection
def test_private_file_response_sends_an_attachment_typed_by_content(stored):
    field_file = stored("attachments/abc123", b"%PDF-1.4\n%%EOF\n")
    response = private_file_response(field_file, "Báo cáo quý 2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Báo cáo quý 2.pdf"
    assert 'filename="Bao cao quy 2.pdf"' in disposition
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    response.close()


@pytest.mark.django_db  # closing a response fires request_finished, which checks the connection
def test_private_file_response_never_serves_html_as_html(stored):
    response = private_file_response(stored("x.html", b"<html><script>alert(1)</script>"), "x.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


@pytest.mark.django_db  # closing a response fires request_finished, which checks the connection
def test_private_file_response_is_404_when_the_file_is_gone(stored):
    with pytest.raises(Http404):
        private_file_response(stored("attachments/missing.pdf", None), "x.pdf")
    with pytest.raises(Http404):
        private_file_response(stored("", None), "x.pdf")
