"""Checks on a file before openpyxl opens it: is it an xlsx at all, whole, unencrypted, and not a
zip bomb?

An xlsx file is a zip archive of XML parts. These checks read only the first bytes and the zip
directory, so a hostile file is refused before anything is decompressed: a password-protected
workbook (stored as an OLE2 compound file), a legacy .xls, a CSV or OpenDocument file renamed,
a truncated download, or an archive whose parts expand far beyond any real plan. XML parsing is
made safe separately: with defusedxml installed, openpyxl refuses entity declarations, so an
xlsx carrying external entities fails with :class:`defusedxml.DefusedXmlException`.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from defusedxml import ElementTree as DefusedET

from releaseplanner.domain.errors import UserError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: A plan of 1,000 releases expands to about 65 MB; sixteen times that is no plan.
MAX_UNCOMPRESSED = 1 << 30
#: XML compresses about ten times; a part expanding a hundred times more and large is a bomb.
MAX_RATIO = 100
RATIO_CHECK_FROM = 16 << 20
MAX_PARTS = 10_000
_PROLOG_BYTES = 4096
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def check_workbook_file(path: Path) -> None:
    """Refuse a file that is not a safe xlsx workbook, saying what it seems to be instead.

    Raises:
        UserError: naming the file and what is wrong with it.
    """
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if not path.is_file():
        raise UserError(f"{path}: not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror})") from None
    if head.startswith(OLE2_MAGIC):
        raise UserError(
            f"{path}: the workbook is encrypted (password-protected) or in the old .xls "
            "format; save it as an .xlsx workbook without a password"
        )
    if not head:
        raise UserError(f"{path}: the file is empty, not an xlsx workbook")
    if not head.startswith(ZIP_MAGIC):
        raise UserError(f"{path}: not an xlsx workbook ({_guess(head)})")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UserError(
            f"{path}: the workbook is truncated or damaged (its zip directory cannot be read)"
        ) from None
    _check_parts(path, parts)
    _check_declarations(path)


def _check_parts(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            kind = "an OpenDocument spreadsheet; save it as .xlsx"
        elif "word/document.xml" in names:
            kind = "a Word document"
        else:
            kind = "a zip archive without a workbook in it"
        raise UserError(f"{path}: not an xlsx workbook ({kind})")
    if any(part.flag_bits & 0x1 for part in parts):
        raise UserError(f"{path}: the workbook's parts are encrypted; save it without a password")
    if len(parts) > MAX_PARTS:
        raise UserError(f"{path}: the archive holds {len(parts)} parts; refused as damaged")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED:
        raise UserError(
            f"{path}: the workbook would expand to {total >> 20} MB, more than the "
            f"{MAX_UNCOMPRESSED >> 20} MB limit; refused as a possible zip bomb"
        )
    for part in parts:
        if part.file_size > RATIO_CHECK_FROM and part.file_size > part.compress_size * MAX_RATIO:
            ratio = part.file_size // max(part.compress_size, 1)
            raise UserError(
                f"{path}: part {part.filename} expands {ratio} times (to {part.file_size >> 20} "
                "MB); refused as a possible zip bomb"
            )


def _check_declarations(path: Path) -> None:
    """Refuse XML parts that declare a document type or entities (external entities, billion
    laughs). A declaration must come before the root element, so the start of each part is
    enough; defusedxml stays in place behind this for anything hidden further in."""
    with zipfile.ZipFile(path) as archive:
        for part in archive.infolist():
            if not part.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(part) as stream:
                    head = stream.read(_PROLOG_BYTES)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
                raise UserError(f"{path}: part {part.filename} is truncated or damaged") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                where = _sheet_of(archive, part.filename)
                raise UserError(
                    f"{path}{where}: the XML declares entities or a document type (possibly an "
                    "external-entity attack); refused. Save the workbook again from your "
                    "spreadsheet program."
                )


def _sheet_of(archive: zipfile.ZipFile, part: str) -> str:
    """ ", sheet 'Title'" for a worksheet part (named as the workbook names it), else the part."""
    try:
        workbook = DefusedET.fromstring(archive.read("xl/workbook.xml"))
        relations = DefusedET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ValueError, SyntaxError):  # the workbook part itself is bad
        return f", part {part}"
    targets = {
        rel.get("Id"): "xl/" + rel.get("Target", "").lstrip("/").removeprefix("xl/")
        for rel in relations
    }
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        if targets.get(sheet.get(f"{{{_RELATIONS}}}id")) == part:
            return f", sheet '{sheet.get('name')}'"
    return f", part {part}"


def _guess(head: bytes) -> str:
    """A word on what a file that is not a zip archive seems to be."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"<?xml", b"<html", b"<!DOC", b"<HTML")):
        return "it is XML or HTML text"
    if text.startswith(b"%PDF"):
        return "it is a PDF document"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "an xlsx file is a zip archive; this is not"
    return "it is text, perhaps CSV; an xlsx file is a zip archive"
