"""Remake the screenshots of the branch workbook in docs/img/ (template-*.png).

    python docs/img/template_shots.py

Needs LibreOffice (``soffice``) and poppler's ``pdftoppm`` (Debian: libreoffice-calc,
fonts-noto-cjk, poppler-utils). The workbook is ``unioncheck template`` of the
reference branch file; LibreOffice prints it to PDF as a secretary would (a
sheet a page here), and each wanted page becomes a PNG, cropped to what is on it. One header note of
the 职代会 sheet is shown open, as a secretary sees it when pointing at it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
REFERENCE = REPO / "fixtures" / "reference" / "branch-example-next.yaml"
SHOTS = {"填写说明": "template-guide.png", "基本信息": "template-form.png", "职代会": "template-congress.png"}
OPEN_NOTE = ("职代会", 3)  # the note shown open: the 会议形式 header (column C)
FOOTER_INCHES = 0.8  # the page number's band at the foot of a page (openpyxl's margins: 1 inch, footer 0.5)
RESOLUTION, SHRINK = 220, 2  # rendered at 220 dots per inch, shown at half: hairlines stay visible


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="unioncheck-shots-"))
    try:
        book = work / "石桥镇卫生院.xlsx"
        subprocess.run(
            [sys.executable, "-m", "unioncheck", "template", "--from", str(REFERENCE), "-o", str(book)], check=True
        )
        names = _sheet_names(book)
        _open_note(book, names.index(OPEN_NOTE[0]) + 1, OPEN_NOTE[1])
        pdf = _pdf(book, work)
        pages = _pages(pdf)
        for sheet, png in SHOTS.items():
            _shot(pdf, [n for n, name in enumerate(pages, start=1) if name == sheet], HERE / png)
            print(f"wrote {HERE / png}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _sheet_names(book: Path) -> list[str]:
    from openpyxl import load_workbook

    return load_workbook(book, read_only=True).sheetnames


def _open_note(book: Path, sheet: int, column: int) -> None:
    """Show the note of row 1, ``column`` (1-based) of the ``sheet``-th sheet open below its header
    (its drawing's shape made visible and moved there), in place."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    ws = load_workbook(book).worksheets[sheet - 1]
    left = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, column)) * 5.6 + 30  # points
    with zipfile.ZipFile(book) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    rels = parts[f"xl/worksheets/_rels/sheet{sheet}.xml.rels"].decode()
    vml = "xl/" + re.search(r'Target="/?(?:\.\./|xl/)?(drawings/[^"]+\.vml)"', rels).group(1)
    shapes = re.split(r"(?<=:shape>)", parts[vml].decode())
    for i, shape in enumerate(shapes):
        if re.search(r":Row>0<", shape) and re.search(rf":Column>{column - 1}<", shape):
            shape = shape.replace("visibility:hidden", "visibility:visible")
            shape = re.sub(r"margin-left:[^;]+;margin-top:[^;]+;", f"margin-left:{left:.0f}pt;margin-top:24pt;", shape)
            prefix = re.search(r"</(\w+):ClientData>", shape).group(1)
            shapes[i] = shape.replace(f"</{prefix}:ClientData>", f"<{prefix}:Visible /></{prefix}:ClientData>")
    parts[vml] = "".join(shapes).encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)


def _pdf(book: Path, work: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return book.with_suffix(".pdf")


def _pages(pdf: Path) -> list[str]:
    """The sheet each page prints: the name in its page header, its first line."""
    from pypdf import PdfReader

    return [(page.extract_text() or "").strip().split("\n")[0].strip() for page in PdfReader(str(pdf)).pages]


def _shot(pdf: Path, pages: list[int], target: Path) -> None:
    """The ``pages`` of ``pdf`` one below the other, each cropped to what is printed on it."""
    from PIL import Image

    images = [_page(pdf, page) for page in pages]
    shot = Image.new("RGB", (max(i.width for i in images), sum(i.height for i in images)), "white")
    top = 0
    for image in images:
        shot.paste(image, (0, top))
        top += image.height
    shot.quantize(colors=64).save(target, optimize=True)  # a few colours: a small file, text still sharp


def _page(pdf: Path, page: int):
    from PIL import Image, ImageChops

    stem = pdf.with_name(f"page{page}")
    subprocess.run(
        ["pdftoppm", "-r", str(RESOLUTION), "-png", "-singlefile", "-f", str(page), "-l", str(page), pdf, stem],
        check=True,
    )
    image = Image.open(f"{stem}.png").convert("RGB")
    image = image.resize((image.width // SHRINK, image.height // SHRINK), Image.LANCZOS)
    footer = int(FOOTER_INCHES * RESOLUTION / SHRINK)
    body = image.crop((0, 0, image.width, image.height - footer))  # the page number below left out
    content = ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()
    if content:
        left, top, right, bottom = content
        image = image.crop((max(0, left - 16), max(0, top - 16), min(image.width, right + 16), bottom + 16))
    return image


if __name__ == "__main__":
    main()
