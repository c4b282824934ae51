"""Status colours shared by the workbook and the HTML report (fill, text)."""

from ..model import Status

COLOURS = {
    Status.PASS: ("C6EFCE", "006100"),
    Status.NA: ("EDEDED", "595959"),
    Status.WAIVED: ("E4DFEC", "5B3F86"),
    Status.PENDING: ("DDEBF7", "1F4E79"),
    Status.WARN: ("FFEB9C", "9C5700"),
    Status.FAIL: ("FFC7CE", "9C0006"),
    Status.ERROR: ("C00000", "FFFFFF"),
}
