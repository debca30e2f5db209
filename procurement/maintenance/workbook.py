"""Reading an uploaded XLSX without letting it take the server down (issue 13 item 8).

A 1.6 KB workbook declaring cell XFD1048576 made calamine allocate 512 GB and abort the process; a
1.2 MB dense one used 3.3 GB. So an upload is measured before it is read: the uncompressed size of
its zip members (as the zip declares them) and the cells each sheet declares (`<dimension ref=…>`).
Then calamine reads it in a worker process whose address space is limited (RLIMIT_AS): a workbook
that lies about its size kills the worker, not the server, and is refused like any unreadable file.
"""

from __future__ import annotations

import multiprocessing
import re
import resource
import zipfile
from datetime import date, datetime
from io import BytesIO
from multiprocessing.connection import Connection
from typing import Any

WORKER_MEMORY = 4 * 1024 * 1024 * 1024  # address space of the reading worker, in bytes
WORKER_SECONDS = 600  # a read that takes longer is stopped

DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
HEAD_BYTES = 64 * 1024  # the dimension comes before the sheet's data


class Refused(Exception):  # noqa: N818  # a verdict, carried back to records.read_rows as a code
    """The workbook is refused; `code` says why (a FileProblem code)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def declared_cells(head: bytes) -> int:
    """The cells a sheet's `<dimension ref="A1:XFD1048576"/>` declares (0 if it declares none)."""
    found = DIMENSION.search(head)
    if found is None:
        return 0
    first_col, first_row, last_col, last_row = found.groups()
    if last_col is None:  # a single cell, e.g. ref="A1"
        return 1
    columns = _column(last_col.decode()) - _column((first_col or b"A").decode()) + 1
    rows = int(last_row) - int(first_row or b"1") + 1
    return max(columns, 0) * max(rows, 0)


def measure(data: bytes, max_unpacked: int, max_cells: int) -> None:
    """Refuse a workbook too large once unpacked or declaring too many cells, reading only the zip
    directory and the first bytes of each sheet."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as book:
            members = book.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > max_unpacked:
                raise Refused("too_large_unpacked", size=unpacked // (1024 * 1024))
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(
                    ".xml"
                ):
                    with book.open(member) as sheet:
                        cells = declared_cells(sheet.read(HEAD_BYTES))
                    if cells > max_cells:
                        raise Refused("too_many_cells", cells=cells)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise Refused("not_spreadsheet") from error


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # a time of day is kept (the register's claim times)
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read(data: bytes, memory: int, out: Connection) -> None:
    """The worker: limit its own memory, read the first sheet, send back its rows as text."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        # calamine (Rust) rather than openpyxl: 300,000 rows take seconds, not a minute.
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_index(0)
        rows = [[_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
    except MemoryError:
        out.send(("unreadable", None))
    except Exception:  # noqa: BLE001  # any failure to parse: the file is not a readable workbook
        out.send(("not_spreadsheet", None))
    else:
        out.send(("ok", rows))
    finally:
        out.close()


def read(
    data: bytes, memory: int = WORKER_MEMORY, seconds: float = WORKER_SECONDS
) -> list[list[str]]:
    """The first sheet's rows as text, read in a worker process; raise Refused if it cannot be."""
    # forkserver: the worker is forked from a small single-threaded server, never from this
    # (possibly threaded) web process.
    context = multiprocessing.get_context("forkserver")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_read, args=(data, memory, send), daemon=True)
    worker.start()
    send.close()  # the worker holds the only writing end: its death ends the pipe
    try:
        if not receive.poll(seconds):
            raise Refused("unreadable")
        verdict, rows = receive.recv()
    except EOFError as error:  # the worker died (e.g. aborted by a failed allocation)
        raise Refused("unreadable") from error
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    if verdict != "ok":
        raise Refused(verdict)
    return list(rows)
