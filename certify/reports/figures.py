"""A figure is a table of aggregated numbers; its chart, text alternative and exports are all
drawn from that one table, so the chart and the table can never disagree."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from certify.core.money import Money

Cell = str | int | Decimal | Money | date | None


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
    # What the chart's values count, for the vertical axis ("Candidates", "US dollars").
    unit: str = ""

    @property
    def label_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if not c.numeric]

    @property
    def series_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.is_series]

    def row_label(self, row: list[Cell]) -> str:
        return " ".join(display(row[i]) for i in self.label_columns if row[i] not in ("", None))

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """The rows as the page shows them: each cell's text and whether it is a number."""
        numeric = [c.numeric for c in self.columns]
        return [[(display(cell), numeric[i]) for i, cell in enumerate(row)] for row in self.rows]

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
    if isinstance(cell, int | Decimal):
        return Decimal(cell)
    return Decimal(0)


def display(cell: Cell) -> str:
    """A cell as people read it in the page's table."""
    if cell is None:
        return "—"
    if isinstance(cell, date):
        return f"{cell:%b} {cell.day}, {cell.year}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)
