"""Remake the screenshot of a notice to a branch in docs/img/ (notice-first-page.png).

    python docs/img/notice_shots.py

Needs LibreOffice Writer (``soffice``) and poppler's ``pdftoppm`` (Debian: libreoffice-writer,
fonts-noto-cjk, poppler-utils). The notices are ``unioncheck notices`` of the demo county as of
2025-12-31, made at a fixed time (SOURCE_DATE_EPOCH); LibreOffice prints one to PDF and its first
page becomes a PNG. The notice asks for 仿宋, 黑体 and 宋体, the fonts of Chinese Windows and WPS;
here fontconfig is told to use the Noto CJK SC faces for them (``office_fonts``), as a Linux
office machine is set up, rather than whichever CJK face it finds first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEMO = REPO / "fixtures" / "county-demo"
BRANCH = "HTZWSY"  # the notice shown: findings to fix, obligations falling due
MADE = "1767571200"  # 2026-01-05 00:00 UTC: the notice's date
RESOLUTION, SHRINK = 200, 2
ALIASES = {"仿宋": "Noto Serif CJK SC", "宋体": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC"}


def office_fonts(work: Path) -> dict:
    """The environment for LibreOffice with fontconfig mapping the notice's fonts to Noto CJK SC."""
    aliases = "".join(
        f"<alias binding='same'><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
        for name, face in ALIASES.items()
    )
    conf = work / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
        "utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="unioncheck-notice-shots-"))
    try:
        out = work / "notices"
        subprocess.run(
            [sys.executable, "-m", "unioncheck", "notices", str(DEMO), "--as-of", "2025-12-31", "-o", str(out), "-q"],
            check=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": MADE},
        )
        notice = next(p for p in sorted(out.iterdir()) if f"-{BRANCH}-" in p.name)
        shutil.copy(notice, work / "notice.docx")
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(work / "notice.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=300,
            env=office_fonts(work),
        )
        stem = work / "page1"
        subprocess.run(
            ["pdftoppm", "-r", str(RESOLUTION), "-png", "-singlefile", "-f", "1", "-l", "1", work / "notice.pdf", stem],
            check=True,
        )
        from PIL import Image

        image = Image.open(f"{stem}.png").convert("RGB")
        image = image.resize((image.width // SHRINK, image.height // SHRINK), Image.LANCZOS)
        target = HERE / "notice-first-page.png"
        image.quantize(colors=64).save(target, optimize=True)  # a few colours: a small file, text still sharp
        print(f"wrote {target}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
