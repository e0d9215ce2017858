"""A generated batch of broken inputs beside two good files, shared by the CLI and upload
tests: every kind of file ingestion must report and skip."""

import shutil
from pathlib import Path

from pypdf import PdfWriter

GOOD_PDF = "pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf"
GOOD_TEXT = "text/duisburg_rat_2025-02-24_niederschrift_top2.txt"
SCAN = "pdf/nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf"


def make_batch(folder: Path, samples: Path) -> dict[str, str]:
    """Two good files and every kind of bad one; returns the expected reason words."""
    (folder / "pdf").mkdir(parents=True)
    (folder / "text").mkdir()
    shutil.copy(samples / GOOD_PDF, folder / GOOD_PDF)
    shutil.copy(samples / GOOD_TEXT, folder / GOOD_TEXT)
    shutil.copy(samples / SCAN, folder / "pdf" / "scan.pdf")
    real = (samples / GOOD_PDF).read_bytes()
    (folder / "pdf" / "corrupt.pdf").write_bytes(
        b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    )
    (folder / "pdf" / "truncated.pdf").write_bytes(real[: len(real) // 2])
    (folder / "pdf" / "not-a-pdf.pdf").write_text("Niederschrift der Sitzung", encoding="utf-8")
    (folder / "text" / "empty.txt").write_bytes(b"")
    (folder / "text" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with (folder / "pdf" / "zero-pages.pdf").open("wb") as f:
        PdfWriter().write(f)
    locked = PdfWriter(clone_from=samples / GOOD_PDF)
    locked.encrypt(user_password="geheim", owner_password="geheim", algorithm="AES-256")
    with (folder / "pdf" / "encrypted.pdf").open("wb") as f:
        locked.write(f)
    return {
        "pdf/scan.pdf": "image-only",
        "pdf/corrupt.pdf": "corrupt",
        "pdf/truncated.pdf": "truncated",
        "pdf/not-a-pdf.pdf": "not a pdf",
        "text/empty.txt": "empty",
        "text/binary.txt": "encoding",
        "pdf/zero-pages.pdf": "without pages",
        "pdf/encrypted.pdf": "encrypted",
    }
