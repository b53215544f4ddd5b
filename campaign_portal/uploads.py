"""Upload checks and private downloads.

Files are judged by their content, never by their name: a web page renamed "report.pdf" is refused. Accepted
documents are PDF, Word, Excel (OOXML and the legacy binary formats), OpenDocument text and spreadsheets, JPEG and
PNG; photos are re-encoded by `validate_image` so nothing but pixels survives. Uploaded files are private: they go
out only through scope-checked views that call `private_file_response`.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from campaign_portal.xlsx import content_disposition

__all__ = [
    "DOCUMENT_KINDS",
    "MAX_IMAGE_PIXELS",
    "MAX_UPLOAD_BYTES",
    "detect_kind",
    "private_file_response",
    "validate_document",
    "validate_image",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A phone photo is 12-50 megapixels; anything far beyond is a decompression bomb, not a photo.
MAX_IMAGE_PIXELS = 60_000_000
MAX_IMAGE_SIDE = 1600
JPEG_QUALITY = 85
_HEAD_BYTES = 16
_MAX_MANIFEST_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


DOCUMENT_KINDS: dict[str, Kind] = {
    "pdf": Kind("application/pdf", ".pdf"),
    "docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "doc": Kind("application/msword", ".doc"),
    "xls": Kind("application/vnd.ms-excel", ".xls"),
    "odt": Kind("application/vnd.oasis.opendocument.text", ".odt"),
    "ods": Kind("application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    "jpeg": Kind("image/jpeg", ".jpg"),
    "png": Kind("image/png", ".png"),
}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_EXTENSIONS = {".doc": "doc", ".xls": "xls"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Main parts of the OOXML documents we accept; macro-enabled variants (docm, xlsm) have other content types.
_OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return int(size)


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}, code="file_too_large"
    )


def _unsupported() -> ValidationError:
    return ValidationError(
        _("This kind of file is not accepted. Upload a PDF, Word, Excel, OpenDocument, JPEG or PNG file."),
        code="file_type",
    )


def _zip_kind(file) -> str | None:
    """The kind of an OOXML or OpenDocument file, read from its manifest (no other entry is decompressed)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200:
                    return _ODF_MIMETYPES.get(archive.read(info).strip())
                return None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > _MAX_MANIFEST_BYTES:
                    return None
                manifest = archive.read(info)
                for part, kind in _OOXML_MAIN_PARTS.items():
                    if part in manifest:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    return None


def detect_kind(file, name: str = "") -> str | None:
    """The document kind of a file by its content (a key of DOCUMENT_KINDS), or None. Leaves the file at 0."""
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    if isinstance(head, str):  # a text-mode file is never one of our binary formats
        return None
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
        file.seek(0)
    elif head.startswith(_OLE2_MAGIC):
        # The compound-file container also carries installers, Outlook messages and PowerPoint files: only the
        # legacy Word and Excel names are taken as what they say.
        kind = _OLE2_EXTENSIONS.get(PurePath(name or "").suffix.lower())
    return kind


def _check_picture(file) -> None:
    """Refuse a JPEG or PNG that Pillow cannot read to the end (truncated or corrupt) or that is a pixel bomb."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(_("The picture is too large in pixels."), code="image_too_large")
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("The picture is too large in pixels."), code="image_too_large") from exc
    except Exception as exc:  # noqa: BLE001 (Pillow raises many types for broken data: OSError, SyntaxError ...)
        raise ValidationError(_("The picture is damaged or incomplete."), code="image_invalid") from exc
    finally:
        file.seek(0)


def validate_document(file, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Check an uploaded document by its content; return its kind ("pdf", "docx", ...).

    Raises ValidationError (a message for the user) for an empty or too large file or a kind we do not accept.
    The file is left at position 0, ready to be saved.
    """
    if file is None:
        raise ValidationError(_("Choose a file to upload."), code="required")
    size = _size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise _too_large(max_bytes)
    kind = detect_kind(file, getattr(file, "name", "") or "")
    if kind is None:
        raise _unsupported()
    if kind in ("jpeg", "png"):
        _check_picture(file)
    file.seek(0)
    return kind


def validate_image(file, max_bytes: int = MAX_UPLOAD_BYTES) -> ContentFile:
    """Check a photo and return it cleaned: upright (EXIF), RGB, at most 1600 px a side, JPEG quality 85.

    The result carries no metadata (no GPS position, no camera data) and is named "<uuid>.jpg".
    """
    if file is None:
        raise ValidationError(_("Choose a file to upload."), code="required")
    size = _size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise _too_large(max_bytes)
    invalid = ValidationError(_("Upload a photo in JPEG or PNG format."), code="image_invalid")
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as probe:
                if probe.format not in _IMAGE_FORMATS:
                    raise invalid
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(_("The picture is too large in pixels."), code="image_too_large")
                probe.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
                    rgba = upright.convert("RGBA")
                    picture = Image.new("RGB", rgba.size, (255, 255, 255))
                    picture.paste(rgba, mask=rgba.getchannel("A"))
                else:
                    picture = upright.convert("RGB")
                picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
                output = io.BytesIO()
                picture.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("The picture is too large in pixels."), code="image_too_large") from exc
    except Image.UnidentifiedImageError as exc:
        raise invalid from exc
    except Exception as exc:  # noqa: BLE001 (Pillow raises many types for broken data: OSError, SyntaxError ...)
        raise ValidationError(_("The picture is damaged or incomplete."), code="image_invalid") from exc
    finally:
        file.seek(0)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def private_file_response(field_file, download_name: str) -> FileResponse:
    """Send a stored private file as a download. A missing file (no name, or gone from storage) is a 404.

    The content type comes from the file's content (the same check as uploads), so a stored file is never served
    as something a browser would render or run; nosniff stops the browser from guessing otherwise.
    """
    if not field_file or not getattr(field_file, "name", ""):
        raise Http404("No file")
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise Http404("File not found") from exc
    try:
        kind_key = detect_kind(handle, field_file.name)
    except Exception:  # noqa: BLE001
        kind_key = None
    handle.seek(0)
    kind = DOCUMENT_KINDS.get(kind_key) if kind_key else None
    name = PurePath(str(download_name or "").replace("\\", "/")).name.strip() or PurePath(field_file.name).name
    if (
        kind
        and not name.lower().endswith(kind.extension)
        and not (kind_key == "jpeg" and name.lower().endswith(".jpeg"))
    ):
        name += kind.extension
    response = FileResponse(handle, content_type=kind.content_type if kind else "application/octet-stream")
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
