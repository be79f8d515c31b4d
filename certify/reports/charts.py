"""Charts drawn by pygal, server-side, as SVG images (docs/decisions/0015-reports.md).

pygal writes a `<script>` with its tooltip configuration and a `<style>` into every SVG. The
site's pages allow neither inline script nor inline style, so a chart is served as its own image
(`<img>` beside its table) and cleaned first: no script, no tooltips (they need the script), no
`style` attributes. What is left is one `<style>` element, which the chart's response allows by
its hash (`style_hash`), and nothing else.

The layout is chosen here, not left to pygal's defaults (docs/decisions/0051-report-figures.md):
counts get whole-number ticks; category labels stay level while they fit their slot, are turned
45 degrees when they do not, and are shortened (the full text is in the table beside the chart,
and in the label's `<title>`) or thinned out so that no two labels ever overlap; the legend
takes as many columns as its longest entry allows.
"""

import base64
import copy
import hashlib
import math
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from certify.reports.figures import Chart, Figure, chart_value

# Okabe and Ito's palette, told apart with any colour vision; the text is the site's ink.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
LABEL_SIZE = 13
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5562",
    opacity="1",
    opacity_hover="1",
    colors=PALETTE,
    font_family='system-ui, "Noto Sans", "DejaVu Sans", sans-serif',
    label_font_size=LABEL_SIZE,
    major_label_font_size=LABEL_SIZE,
    legend_font_size=LABEL_SIZE,
    title_font_size=16,
    value_font_size=12,
)
SVG = "{http://www.w3.org/2000/svg}"
ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")

KINDS = {
    Chart.BAR: pygal.Bar,
    Chart.STACKED: pygal.StackedBar,
    Chart.HBAR: pygal.HorizontalBar,
    Chart.HSTACKED: pygal.HorizontalStackedBar,
    Chart.LINE: pygal.Line,
}

WIDTH = 800
MARGIN = 16
# The plot's width, at the least: the image less its margins, the value axis's labels and title.
PLOT_WIDTH = WIDTH - 2 * MARGIN - 110
# A character's width as a share of the font size: pygal's own estimate, which it uses to make
# room for the labels; a little generous for the site's sans-serif fonts.
CHAR_EM = 0.6
LINE = 1.3 * LABEL_SIZE  # the height a label needs, with some air
ROTATION = 45
MAX_LABEL = 24  # characters of a turned label; more is shortened with an ellipsis
MAX_LEVEL_LABEL = 28  # characters of a horizontal bar's label


def text_width(chars: int, size: int = LABEL_SIZE) -> float:
    return chars * CHAR_EM * size


def integer_ticks(top: float, *, most: int = 8) -> list[int]:
    """Whole-number ticks from 0 to at least `top`: steps of 1, 2 or 5 times a power of ten, at
    most `most` + 1 ticks. Counts are never drawn with ticks of 0.2."""
    top = max(1, math.ceil(top))
    step = 1
    while top / step > most:
        for factor in (2, 5, 10):
            if top / (step * factor) <= most or factor == 10:
                step *= factor
                break
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))


def label_layout(labels: list[str]) -> dict[str, int | bool]:
    """How to draw the category labels under a vertical chart so that none overlaps another.

    Each label has a slot of PLOT_WIDTH / n. Level labels fit when the longest is narrower than
    its slot. Turned labels (45 degrees, reading down to the right) are parallel: two of them a
    slot apart are clear of each other when the slot times sin 45 is at least a line's height.
    When even that fails, only every k-th label is drawn (each chart's table lists them all).
    """
    n = max(1, len(labels))
    slot = PLOT_WIDTH / n
    longest = max((len(label) for label in labels), default=0)
    if text_width(longest) <= slot * 0.9:
        return {"x_label_rotation": 0, "truncate_label": -1}
    every = max(1, math.ceil(LINE / (slot * math.sin(math.radians(ROTATION)))))
    layout: dict[str, int | bool] = {"x_label_rotation": ROTATION, "truncate_label": MAX_LABEL}
    if every > 1:
        layout.update(x_labels_major_every=every, show_minor_x_labels=False)
    return layout


def legend_columns(titles: list[str]) -> int:
    """As many legend columns as the longest title allows (at most 4), dividing the titles
    evenly: pygal makes room under the chart for full rows only."""
    n = len(titles)
    longest = max((len(title) for title in titles), default=0)
    for columns in (4, 3, 2):
        fits = text_width(longest) + 20 <= PLOT_WIDTH / columns
        if columns <= n and n % columns == 0 and fits:
            return columns
    return 1


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def chart_svg(figure: Figure) -> bytes:
    """The figure's chart as a self-contained SVG document (no script, one style element)."""
    series = figure.series_columns
    kind = KINDS.get(figure.chart, pygal.Bar)
    horizontal = figure.chart in (Chart.HBAR, Chart.HSTACKED)
    stacked = figure.chart in (Chart.STACKED, Chart.HSTACKED)
    rows = list(reversed(figure.rows)) if horizontal else figure.rows
    labels = [figure.row_label(row) for row in rows]
    values = [[float(chart_value(row[index])) for row in rows] for index in series]
    titles = [figure.columns[index].label for index in series]
    options: dict = {}
    if horizontal:
        options["truncate_label"] = MAX_LEVEL_LABEL
    else:
        options.update(label_layout(labels))
    if figure.is_count:
        top = max(
            [sum(column) for column in zip(*values, strict=True)]
            if stacked
            else [max(column, default=0) for column in values],
            default=0,
        )
        options["y_labels"] = integer_ticks(top)
    bars = len(rows) * (1 if stacked else len(series))
    widest_value = max((len(_format(v)) for column in values for v in column), default=1)
    fits = text_width(widest_value, 12) <= (PLOT_WIDTH / max(1, bars)) * 0.8
    style = STYLE
    if figure.colors:
        style = copy.copy(STYLE)
        style.colors = figure.colors
    chart = kind(
        style=style,
        js=[],  # no tooltip script from a CDN (or anywhere)
        width=WIDTH,
        height=max(320, 60 + 34 * len(rows)) if horizontal else 420,
        title=figure.title,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=legend_columns(titles),
        truncate_legend=None,  # pygal shortens each entry to its column
        print_values=not stacked and (horizontal or fits) and len(rows) * len(series) <= 24,
        print_zeroes=False,
        value_formatter=_format,
        # The value axis's title: under horizontal bars, beside vertical ones.
        x_title=(figure.unit or None) if horizontal else None,
        y_title=None if horizontal else (figure.unit or None),
        margin=MARGIN,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        disable_xml_declaration=False,
        no_data_text="Nothing to show for these filters",
        **options,
    )
    chart.x_labels = labels
    for title, column in zip(titles, values, strict=True):
        # Exact decimals, as float only at the last step: pygal draws with floats.
        chart.add(title, column)
    return _clean(chart.render())


def _clean(svg: bytes) -> bytes:
    root = ElementTree.fromstring(svg)  # noqa: S314  (our own pygal output, not user input)
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{SVG}script" or "tooltip" in child.get("class", "").split():
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + ElementTree.tostring(root)


def style_hash(svg: bytes) -> list[str]:
    """CSP sources allowing exactly the chart's `<style>` elements."""
    root = ElementTree.fromstring(svg)  # noqa: S314
    return [
        "'sha256-"
        + base64.b64encode(hashlib.sha256((style.text or "").encode()).digest()).decode()
        + "'"
        for style in root.iter(f"{SVG}style")
    ]
