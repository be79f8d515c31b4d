"""CSV and XLSX exports of figures: the same table as on the page, numbers as numbers.

Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return) is prefixed with an apostrophe: a fund or course name cannot become a formula.
"""

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from certify.core.money import Money
from certify.core.spreadsheets import FORMULA_STARTS
from certify.reports.figures import Cell, Figure, Linked

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain(cell: Cell) -> str | int | Decimal | date:
    """A cell for a spreadsheet: money as a decimal amount, text neutralised."""
    if cell is None:
        return ""
    if isinstance(cell, Money):
        return Decimal(cell.cents).scaleb(-2)
    if isinstance(cell, Linked):
        return cell.count
    if isinstance(cell, int | Decimal | date):
        return cell
    return neutralise(str(cell))


def _header(figure: Figure) -> list[str]:
    return [neutralise(column.label) for column in figure.columns]


def csv_text(figures: Iterable[Figure], *, describe: str) -> str:
    """One figure: its header and rows. Several: each after a line with its title, a blank
    line between them."""
    figures = list(figures)
    out = io.StringIO()
    writer = csv.writer(out)
    for index, figure in enumerate(figures):
        if len(figures) > 1:
            if index:
                writer.writerow([])
            writer.writerow([neutralise(f"{figure.title} ({describe})")])
        writer.writerow(_header(figure))
        for row in figure.rows:
            writer.writerow([_csv_value(plain(cell)) for cell in row])
    return out.getvalue()


def _csv_value(value: str | int | Decimal | date) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def xlsx_bytes(figures: Iterable[Figure], *, describe: str) -> bytes:
    """A workbook with one sheet per figure: its title and filters, then the table."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for figure in figures:
        sheet = book.create_sheet(sheet_title(figure.title, taken))
        sheet.append([neutralise(f"{figure.title} ({describe})")])
        sheet.append(_header(figure))
        for row in figure.rows:
            sheet.append([plain(cell) for cell in row])
        for index, column in enumerate(figure.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(len(column.label) + 4, 40))
            if column.numeric and any(isinstance(row[index - 1], Money) for row in figure.rows):
                for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                    cell.number_format = "#,##0.00"
        # Text cells stay text: never formulas, whatever they start with.
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
