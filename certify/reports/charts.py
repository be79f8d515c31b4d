"""Charts drawn by pygal, server-side, as SVG images (docs/decisions/0015-reports.md).

pygal writes a `<script>` with its tooltip configuration and a `<style>` into every SVG. The
site's pages allow neither inline script nor inline style, so a chart is served as its own image
(`<img>` beside its table) and cleaned first: no script, no tooltips (they need the script), no
`style` attributes. What is left is one `<style>` element, which the chart's response allows by
its hash (`style_hash`), and nothing else.
"""

import base64
import hashlib
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from certify.reports.figures import Chart, Figure, chart_value

# Okabe and Ito's palette, told apart with any colour vision; the text is the site's ink.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
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
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
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
    Chart.LINE: pygal.Line,
}


def chart_svg(figure: Figure) -> bytes:
    """The figure's chart as a self-contained SVG document (no script, one style element)."""
    series = figure.series_columns
    kind = KINDS.get(figure.chart, pygal.Bar)
    horizontal = figure.chart == Chart.HBAR
    chart = kind(
        style=STYLE,
        js=[],  # no tooltip script from a CDN (or anywhere)
        width=800,
        height=max(320, 60 + 34 * len(figure.rows)) if horizontal else 420,
        title=figure.title,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        x_label_rotation=0 if horizontal or len(figure.rows) <= 6 else 30,
        truncate_label=40,
        truncate_legend=40,
        print_values=len(figure.rows) * len(series) <= 24,
        print_zeroes=False,
        y_title=figure.unit or None,
        margin=16,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        disable_xml_declaration=False,
        no_data_text="Nothing to show for these filters",
    )
    rows = list(reversed(figure.rows)) if horizontal else figure.rows
    chart.x_labels = [figure.row_label(row) for row in rows]
    for index in series:
        # Exact decimals, as float only at the last step: pygal draws with floats.
        chart.add(figure.columns[index].label, [float(chart_value(row[index])) for row in rows])
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
