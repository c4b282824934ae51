"""Remake the screenshots of the bureau's report in docs/img/ (report-*.png).

    python docs/img/report_shots.py

Needs LibreOffice (``soffice``), poppler's ``pdftoppm`` and Chromium (Debian:
libreoffice-calc, fonts-noto-cjk, poppler-utils, chromium). The demo county is checked
as of 2025-12-31 into a workbook and a page. LibreOffice prints the workbook to PDF
as the auditor would (A4 landscape, title above, page numbers below), and the first
page of the matrix and of the findings become PNGs; Chromium shows the page as a
browser window does. ``SOURCE_DATE_EPOCH`` is honoured (the 生成于 line).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from template_shots import _page, _pdf  # noqa: E402  (the same LibreOffice print and crop)

REPO = HERE.parents[1]
DEMO = REPO / "fixtures" / "county-demo"
SHOTS = {
    "合规矩阵": "report-matrix.png",
    "问题清单": "report-findings.png",
    "考核评分": "report-scores.png",
    "扣分明细": "report-deductions.png",
}
PAGE = "report-page.png"
WINDOW = (1440, 1500)  # a laptop's browser window, in CSS pixels


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="unioncheck-report-shots-"))
    try:
        book, page = work / "audit-2025.xlsx", work / "audit-2025.html"
        subprocess.run(
            [sys.executable, "-m", "unioncheck", "check", str(DEMO), "--as-of", "2025-12-31", "--quiet"]
            + ["-f", f"xlsx:{book}", "-f", f"html:{page}"],
            cwd=REPO,
            capture_output=True,
        )  # exit status 1: the demo county fails somewhere in every family
        pdf = _pdf(book, work)
        pages = _headers(pdf)
        for sheet, png in SHOTS.items():
            first = next(n for n, header in enumerate(pages, start=1) if sheet in header)
            _page(pdf, first).quantize(colors=64).save(HERE / png, optimize=True)
            print(f"wrote {HERE / png}")
        _browser_shot(page, HERE / PAGE, work)
        print(f"wrote {HERE / PAGE}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _headers(pdf: Path) -> list[str]:
    """Each page's first line: its page header, which names the sheet."""
    from pypdf import PdfReader

    return [(page.extract_text() or "").strip().split("\n")[0] for page in PdfReader(str(pdf)).pages]


def _browser_shot(page: Path, target: Path, work: Path) -> None:
    from PIL import Image

    browser = next(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n))
    raw = work / "page.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={work / 'chromium'}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            f"--screenshot={raw}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "LANG": "zh_CN.UTF-8"},
    )
    image = Image.open(raw).convert("RGB")
    image.resize((image.width * 2 // 3, image.height * 2 // 3), Image.LANCZOS).quantize(colors=256).save(
        target, optimize=True
    )


if __name__ == "__main__":
    main()
