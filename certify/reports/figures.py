"""A figure is a table of aggregated numbers; its chart, text alternative and exports are all
drawn from that one table, so the chart and the table can never disagree."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from certify.core.money import Money


@dataclass(frozen=True)
class Linked:
    """A count that opens the queue it counts (the page links it; exports keep the number)."""

    count: int
    url: str

    def __str__(self) -> str:
        return f"{self.count:,}"


Cell = str | int | Decimal | Money | date | Linked | None


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    # Numeric columns are drawn as chart series unless `charted` is False (e.g. an average
    # beside counts, which would not share an axis with them).
    charted: bool | None = None

    @property
    def is_series(self) -> bool:
        return self.numeric if self.charted is None else self.charted


def number(label: str, *, charted: bool | None = None) -> Column:
    return Column(label, numeric=True, charted=charted)


class Chart:
    BAR = "bar"  # one bar per row, a bar per series side by side
    STACKED = "stacked"  # one bar per row, the series stacked
    HBAR = "hbar"  # horizontal bars (long labels, funnels)
    HSTACKED = "hstacked"  # horizontal bars, the series stacked
    LINE = "line"  # periods
    NONE = ""  # a table only


@dataclass
class Figure:
    key: str
    title: str
    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = Chart.BAR
    # What the chart's values count, for the value axis ("Candidates", "US dollars").
    unit: str = ""
    # The series' colours when they mean something (overdue in vermillion); else the palette's.
    colors: tuple[str, ...] = ()

    @property
    def label_columns(self) -> list[int]:
        """The columns that name a row (in the chart too); a text column with `charted=False`
        is shown in the table only."""
        return [i for i, c in enumerate(self.columns) if not c.numeric and c.charted is not False]

    @property
    def series_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.is_series]

    def row_label(self, row: list[Cell]) -> str:
        return " ".join(display(row[i]) for i in self.label_columns if row[i] not in ("", None))

    @property
    def cells(self) -> list[list[tuple[str, bool, str]]]:
        """The rows as the page shows them: each cell's text, whether it is a number, and the
        queue it links to (or "")."""
        numeric = [c.numeric for c in self.columns]
        return [
            [
                (display(cell), numeric[i], cell.url if isinstance(cell, Linked) else "")
                for i, cell in enumerate(row)
            ]
            for row in self.rows
        ]

    @property
    def is_count(self) -> bool:
        """Every charted value is a whole count (not money, not an average): its axis has
        whole-number ticks."""
        return all(
            isinstance(row[i], int | Linked) and not isinstance(row[i], bool)
            for row in self.rows
            for i in self.series_columns
        )

    @property
    def is_wide(self) -> bool:
        """A table of more than three columns: shown under its chart, at the page's full width,
        rather than squeezed beside it."""
        return len(self.columns) > 3

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def has_chart(self) -> bool:
        return bool(self.chart) and bool(self.rows) and bool(self.series_columns)

    @property
    def summary(self) -> str:
        """The chart's text alternative: what it shows, in a sentence or two."""
        if not self.rows:
            return f"{self.title}: nothing to show for these filters."
        kind = {
            Chart.LINE: "Line chart",
            Chart.STACKED: "Stacked bar chart",
            Chart.HBAR: "Bar chart",
            Chart.HSTACKED: "Stacked bar chart",
        }.get(self.chart, "Bar chart")
        parts = []
        for i in self.series_columns:
            values = [(self.row_label(row), row[i]) for row in self.rows]
            if len(values) <= 8:
                listed = "; ".join(f"{label}: {display(value)}" for label, value in values)
            else:
                label, value = max(values, key=lambda lv: chart_value(lv[1]))
                listed = f"{len(values)} rows, highest {label} ({display(value)})"
            parts.append(f"{self.columns[i].label}: {listed}")
        return f"{kind} of {self.title.lower()}. " + ". ".join(parts) + ". Full table below."


def chart_value(cell: Cell) -> Decimal:
    """A cell as a plain number for drawing (money in major units, exact Decimal)."""
    if isinstance(cell, Money):
        return Decimal(cell.cents).scaleb(-2)
    if isinstance(cell, Linked):
        return Decimal(cell.count)
    if isinstance(cell, int | Decimal):
        return Decimal(cell)
    return Decimal(0)


def display(cell: Cell) -> str:
    """A cell as people read it in the page's table."""
    if cell is None:
        return "—"
    if isinstance(cell, date):
        return f"{cell:%B} {cell.day}, {cell.year}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)  # a Linked count reads as its number
