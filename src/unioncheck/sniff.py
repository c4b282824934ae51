"""What a file given as a workbook really is, told by its content, never by its name.

A branch workbook is an ``.xlsx`` (an Office Open XML zip with ``xl/workbook.xml``).
Anything else a secretary may have saved under a workbook's name is named for
what it is, with how to make an ``.xlsx`` of it: an old Excel 97-2003 ``.xls`` and
a WPS ``.et`` (OLE2 compound files), a workbook with an opening password (also
OLE2, holding an ``EncryptedPackage`` stream instead of a ``Workbook``), an
OpenDocument ``.ods``, a binary ``.xlsb``, a CSV or text file, an HTML table saved
as ``.xls``, an Excel 2003 XML spreadsheet, an empty, cut short or damaged zip,
a zip that holds no workbook, and files that are no table at all (a PDF, a Word
document, a picture). ``refusal`` gives the answer, or None for a workbook to read.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import Callable

from .model import Text

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
SAVE_AS_ZH = "请在 Excel 或 WPS 中打开它，选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”，再检查另存的 .xlsx 文件"
SAVE_AS_EN = "open it in Excel or WPS, choose File → Save As → Excel Workbook (*.xlsx), and check the .xlsx it saves"

# the first bytes of files that are no table at all: (signature, Chinese, English)
_NOT_TABLES = (
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\x89PNG", "PNG 图片", "a PNG picture"),
    (b"\xff\xd8\xff", "JPEG 图片（照片或扫描件）", "a JPEG picture (a photo or a scan)"),
    (b"GIF8", "GIF 图片", "a GIF picture"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip file"),
)

# OLE2 stream names: which kind of compound file holds them, first match wins
_OLE2_STREAMS = (
    ("EncryptedPackage", "encrypted"),
    ("EncryptionInfo", "encrypted"),
    ("ETExtData", "et"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("WordDocument", "doc"),
    ("PowerPoint Document", "ppt"),
)


def refusal(raw: bytes, name: str = "", zipped: bool = True) -> Text | None:
    """Why ``raw`` cannot be read as a workbook, with what to do; None for an ``.xlsx`` to read.

    ``name`` only words the answer (a WPS ``.et`` and an ``.xls`` hold the same streams);
    ``zipped`` False leaves a zip's contents to ``zip_refusal`` (a reader that opens it anyway)."""
    if not raw:
        return Text(
            "文件是空的（0 字节）：请重新保存或重新获取这个工作簿",
            "the file is empty (0 bytes): save or fetch the workbook again",
        )
    if raw.startswith(OLE2):
        return _compound(raw, name)
    if raw.startswith(ZIP):
        return _zip(raw) if zipped else None
    for signature, zh, en in _NOT_TABLES:
        if raw.startswith(signature):
            return wrong_file(zh, en)
    return _text(raw)


def save_as(zh: str, en: str) -> Text:
    """The answer for a table in another format: what it is and how to save it as ``.xlsx``."""
    return Text(
        f"这不是 Excel 工作簿（.xlsx），而是{_spaced(zh)}，不能直接检查：{SAVE_AS_ZH}",
        f"this is not an Excel workbook (.xlsx) but {en}, which cannot be checked as it is: {SAVE_AS_EN}",
    )


def wrong_file(zh: str, en: str) -> Text:
    return Text(
        f"这不是工作簿，而是{_spaced(zh)}：请检查是否选错了文件",
        f"this is not a workbook but {en}: check that this is the right file",
    )


def _spaced(zh: str) -> str:
    """``zh`` with a space before it where it begins with a Latin word (而是 PDF 文件)."""
    return " " + zh if zh[:1].isascii() else zh


def damaged(zh: str, en: str) -> Text:
    return Text(
        f"工作簿已损坏或不完整（{zh}）：如果是复制、下载或从微信/邮件接收的，请重新获取完整的文件；"
        f"否则在 Excel 或 WPS 中打开它（可能会提示修复），再“文件 → 另存为 → Excel 工作簿（*.xlsx）”",
        f"the workbook is damaged or incomplete ({en}): if it was copied, downloaded or received by message or "
        "mail, fetch the whole file again; otherwise open it in Excel or WPS (which may offer to repair it) and "
        "choose File → Save As → Excel Workbook (*.xlsx)",
    )


def encrypted() -> Text:
    return Text(
        "这个工作簿设置了打开密码（文件已加密），无法读取：请在 Excel 或 WPS 中用密码打开，先取消密码"
        "（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码；WPS：文件 → 文档加密 → 密码加密，"
        "清空打开密码），再“文件 → 另存为 → Excel 工作簿（*.xlsx）”后检查",
        "this workbook has an opening password (the file is encrypted) and cannot be read: open it in Excel or "
        "WPS with its password, remove the password (Excel: File → Info → Protect Workbook → Encrypt with "
        "Password, clear it; WPS: File → Document Encryption → Password Encryption, clear the opening password), "
        "then File → Save As → Excel Workbook (*.xlsx) and check it",
    )


def _compound(raw: bytes, name: str) -> Text:
    """An OLE2 compound file, told by the names of its streams."""
    kind = next((kind for stream, kind in _OLE2_STREAMS if _has_stream(raw, stream)), None)
    if kind == "encrypted":
        return encrypted()
    if kind == "et" or (kind == "xls" and name.lower().endswith((".et", ".ett"))):
        return save_as("WPS 表格（.et）格式的文件", "a WPS Spreadsheets file (.et)")
    if kind == "xls":
        return save_as("旧版 Excel 97-2003 工作簿（.xls）", "an old Excel 97-2003 workbook (.xls)")
    if kind == "doc":
        return wrong_file("Word 文档（.doc）", "a Word document (.doc)")
    if kind == "ppt":
        return wrong_file("PowerPoint 演示文稿（.ppt）", "a PowerPoint presentation (.ppt)")
    return save_as("旧版 Office 格式（OLE2 复合文档）的文件", "a file in an old Office format (an OLE2 compound file)")


def _has_stream(raw: bytes, stream: str) -> bool:
    """Whether the compound file ``raw`` has a directory entry named ``stream``.

    A directory entry is 128 bytes, at a multiple of 128 from the file's start (sectors are 512
    or 4096 bytes after a header of one sector): its name in UTF-16LE, ended by a NUL, then at
    byte 64 the name's length in bytes with that NUL. Text inside a stream that happens to spell
    the name is not at such a place with such a length."""
    needle = (stream + "\0").encode("utf-16-le")
    size = len(needle).to_bytes(2, "little")
    at = raw.find(needle, 512)
    while at != -1:
        if at % 128 == 0 and raw[at + 64 : at + 66] == size:
            return True
        at = raw.find(needle, at + 1)
    return False


def _zip(raw: bytes) -> Text | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        return zip_refusal(set(archive.namelist()), lambda name: archive.read(name)[:200])
    except Exception:  # whatever zipfile meets in a damaged directory (a version it has no reader for...)
        return damaged("zip 结构不完整，文件可能被截断", "its zip structure is incomplete: the file may be cut short")


def zip_refusal(names: set[str], read: Callable[[str], bytes]) -> Text | None:
    """Why a zip holding the parts ``names`` is not a workbook (None: it is one); ``read(name)`` gives a part."""
    if "xl/workbook.xml" in names:
        return None
    if not names:
        return wrong_file("一个空的 zip 压缩包", "an empty zip archive")
    if "xl/workbook.bin" in names:
        return save_as("Excel 二进制工作簿（.xlsb）", "an Excel binary workbook (.xlsb)")
    if "content.xml" in names and "mimetype" in names:
        if _mimetype(read).endswith("spreadsheet"):
            return save_as("OpenDocument 表格（.ods，LibreOffice 或 WPS 保存）", "an OpenDocument spreadsheet (.ods)")
        return wrong_file("OpenDocument 文档（LibreOffice）", "an OpenDocument (LibreOffice) document")
    if "word/document.xml" in names:
        return wrong_file("Word 文档（.docx）", "a Word document (.docx)")
    if "ppt/presentation.xml" in names:
        return wrong_file("PowerPoint 演示文稿（.pptx）", "a PowerPoint presentation (.pptx)")
    return wrong_file(
        "一个 zip 压缩包（里面没有工作簿）；如果工作簿在压缩包里，请先解压，再检查其中的 .xlsx 文件",
        "a zip archive that is not a workbook; if a workbook is inside it, unzip it and check the .xlsx file",
    )


def _mimetype(read: Callable[[str], bytes]) -> str:
    try:
        return read("mimetype")[:200].decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        return ""


def _text(raw: bytes) -> Text:
    """A file that is no zip and no compound file: a web page, an XML spreadsheet, a CSV or other text."""
    head = _decoded_head(raw)
    if head is None:
        return wrong_file("无法识别的文件（不是 Excel 或 WPS 保存的工作簿）", "a file of unknown content")
    lowered = head.lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return save_as("Excel 2003 XML 表格（.xml）", "an Excel 2003 XML spreadsheet")
    if lowered.startswith("<") and any(tag in lowered for tag in ("<html", "<table", "<!doctype html")):
        return save_as(
            "网页文件（HTML 表格，常见于从网站或业务系统导出的“.xls”）",
            "a web page (an HTML table, as websites and other systems export as '.xls')",
        )
    first = lowered.split("\n", 1)[0]
    if any(sep in first for sep in (",", "\t", "，", ";")):
        return save_as(
            "文本文件（CSV 或制表符分隔的文本，只是文件名像工作簿）", "a text file (CSV or tab-separated text)"
        )
    return save_as("文本文件（只是文件名像工作簿）", "a text file named like a workbook")


def _decoded_head(raw: bytes) -> str | None:
    """The first few KB as text (UTF-8, UTF-16 with its mark, or GB18030), or None for binary content."""
    head = raw[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    if b"\0" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as err:
            if err.start >= len(head) - 4:  # a character cut by the 4 KB boundary
                return head[: err.start].decode(encoding, "ignore")
    return None
