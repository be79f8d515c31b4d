"""The chart generator's output, read back from the SVG: counts on whole-number ticks, labels
that never overlap one another or run off the image, and a text alternative for every chart."""

import itertools
import math
import re
from datetime import date
from xml.etree import ElementTree

import pytest

from certify.core.money import Money
from certify.reports.charts import chart_svg, integer_ticks, label_layout
from certify.reports.figures import Chart, Column, Figure, number

NS = {"svg": "http://www.w3.org/2000/svg"}
SIZE = 13  # the labels' font size
EM = 0.6  # a character's width as a share of the font size (pygal's own estimate)


def _figure(labels, *series, chart=Chart.STACKED, money=False, names=None):
    names = names or [f"Series {i + 1}" for i in range(len(series))]
    rows = [
        [label, *[Money(v * 100, "USD") if money else v for v in values]]
        for label, *values in zip(labels, *series, strict=True)
    ]
    return Figure(
        key="test",
        title="A test figure",
        caption="",
        columns=[Column("Label"), *[number(n) for n in names]],
        rows=rows,
        chart=chart,
        unit="Items",
    )


def _root(figure):
    return ElementTree.fromstring(chart_svg(figure))  # noqa: S314


def _axis(root, name):
    """The `<g class="axis x|y …">` of the plot."""
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        classes = g.get("class", "").split()
        if "axis" in classes and name in classes:
            return g
    raise AssertionError(f"no {name} axis")


def _texts(group):
    return [t for t in group.iter("{http://www.w3.org/2000/svg}text") if t.text]


def _offset(root, element):
    """The sum of the translate() of the element's ancestors (pygal nests the plot in them)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    dx = dy = 0.0
    node = element
    while node in parents:
        node = parents[node]
        found = re.search(r"translate\(([-\d.]+),\s*([-\d.]+)\)", node.get("transform", ""))
        if found:
            dx, dy = dx + float(found[1]), dy + float(found[2])
    return dx, dy


def _box(root, text, anchor):
    """The text's corners on the image: its estimated width and the font's height, turned by
    its rotate() about its anchor. pygal's style anchors level labels of the x axis at their
    middle, those of the y axis at their end, legends and turned labels at their start."""
    x, y = float(text.get("x")), float(text.get("y"))
    dx, dy = _offset(root, text)
    width = len(text.text) * EM * SIZE
    turned = re.search(r"rotate\(([-\d.]+)", text.get("transform", ""))
    angle = math.radians(float(turned[1])) if turned else 0.0
    start = {"start": 0.0, "middle": -width / 2, "end": -width}["start" if turned else anchor]
    corners = [(start, 0.0), (start + width, 0.0), (start + width, -SIZE), (start, -SIZE)]
    cos, sin = math.cos(angle), math.sin(angle)
    return [(x + dx + cx * cos - cy * sin, y + dy + cx * sin + cy * cos) for cx, cy in corners]


def _overlap(a, b) -> bool:
    """Two convex polygons intersect unless an edge's normal separates them."""
    for polygon in (a, b):
        for (x1, y1), (x2, y2) in itertools.pairwise([*polygon, polygon[0]]):
            nx, ny = y2 - y1, x1 - x2
            pa = [nx * x + ny * y for x, y in a]
            pb = [nx * x + ny * y for x, y in b]
            if max(pa) <= min(pb) + 1e-6 or max(pb) <= min(pa) + 1e-6:
                return False
    return True


def _assert_clear(root, texts, anchor="middle"):
    boxes = [_box(root, t, anchor) for t in texts]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not _overlap(a, b), f"{texts[i].text!r} overlaps {texts[j].text!r}"
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    for text, box in zip(texts, boxes, strict=True):
        for x, y in box:
            assert -1 <= x <= width + 1, f"{text.text!r} is cut off at the side"
            assert -1 <= y <= height + 1, f"{text.text!r} is cut off at the top or bottom"


def _values(axis):
    return [float(t.text.replace(",", "")) for t in _texts(axis)]


# --- Whole numbers for counts --------------------------------------------------------------


def test_integer_ticks_step_by_one_two_or_five():
    assert integer_ticks(0) == [0, 1]
    assert integer_ticks(2) == [0, 1, 2]
    assert integer_ticks(8) == list(range(9))
    assert integer_ticks(9) == [0, 2, 4, 6, 8, 10]
    assert integer_ticks(17) == [0, 5, 10, 15, 20]
    assert integer_ticks(230) == [0, 50, 100, 150, 200, 250]


@pytest.mark.parametrize("chart", [Chart.BAR, Chart.STACKED, Chart.LINE])
def test_a_count_axis_has_whole_number_ticks(chart):
    # Two reviewers, at most 2 reviews each: pygal alone drew 0, 0.8, 1.6, 2.4 "reviews".
    figure = _figure(["Ada", "Ben"], [2, 0], [0, 1], chart=chart)
    ticks = _values(_axis(_root(figure), "y"))
    assert ticks == [0, 1, 2]


def test_a_horizontal_count_axis_has_whole_number_ticks():
    figure = _figure(["Applied", "Accepted", "Certified"], [3, 2, 1], chart=Chart.HBAR)
    ticks = _values(_axis(_root(figure), "x"))
    assert ticks == [0, 1, 2, 3]


def test_stacked_counts_reach_the_tallest_stack():
    figure = _figure(["a", "b"], [5, 1], [4, 1])
    ticks = _values(_axis(_root(figure), "y"))
    assert ticks[-1] >= 9
    assert all(t == int(t) for t in ticks)


def test_money_is_not_forced_to_whole_counts():
    figure = _figure(["Jan", "Feb"], [1, 2], chart=Chart.BAR, money=True)
    assert not figure.is_count
    assert _figure(["Jan"], [1]).is_count


# --- Labels that never overlap -------------------------------------------------------------

LONG = [
    "Foundations of Library Services",
    "Communication and Teamwork",
    "Technology",
    "Access Services",
    "Adult Readers' Advisory Services",
    "Cataloging and Classification",
]


def test_long_labels_under_a_few_bars_do_not_overlap():
    # Six long set names stayed level at 800 px before, each wider than its bar's slot.
    figure = _figure(LONG, [1, 2, 3, 1, 0, 2], [0, 1, 0, 2, 1, 1])
    root = _root(figure)
    labels = _texts(_axis(root, "x"))
    assert len(labels) == 6
    _assert_clear(root, labels)


@pytest.mark.parametrize("n", [3, 12, 13, 30, 60])
def test_any_number_of_labels_stays_clear_and_inside_the_image(n):
    labels = [f"{name} {i}" for i, name in zip(range(n), itertools.cycle(LONG))]
    figure = _figure(labels, list(range(n)), chart=Chart.BAR)
    root = _root(figure)
    shown = _texts(_axis(root, "x"))
    assert shown, "some labels are drawn"
    _assert_clear(root, shown)


def test_month_labels_of_a_year_stay_clear():
    months = [date(2026, m, 1).strftime("%b %Y") for m in range(1, 13)]
    figure = _figure(months, [1] * 12, [0] * 12, [2] * 12, [0] * 12, chart=Chart.LINE)
    root = _root(figure)
    labels = _texts(_axis(root, "x"))
    assert [t.text for t in labels] == months  # every month, none shortened
    _assert_clear(root, labels)


def test_horizontal_bar_labels_are_stacked_clear_of_each_other():
    figure = _figure(LONG * 2, list(range(12)), chart=Chart.HBAR)
    root = _root(figure)
    _assert_clear(root, _texts(_axis(root, "y")), anchor="end")


def test_shortened_labels_keep_their_full_text_in_a_title():
    figure = _figure(["A very long competency set name that cannot fit", "B"] * 4, [1] * 8)
    root = _root(figure)
    axis = _axis(root, "x")
    assert any("…" in t.text for t in _texts(axis))
    titles = [t.text for t in axis.iter("{http://www.w3.org/2000/svg}title")]
    assert "A very long competency set name that cannot fit" in titles


def test_legend_entries_do_not_overlap_and_stay_inside_the_image():
    names = [
        "Waiting for review",
        "More information requested",
        "Accepted",
        "Not accepted",
        "Withdrawn",
    ]
    figure = _figure(["Public", "School"], *[[1, 2]] * 5, names=names)
    root = _root(figure)
    legends = next(
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "legends"
    )
    texts = _texts(legends)
    assert len(texts) == 5
    _assert_clear(root, texts, anchor="start")


def test_label_layout_turns_labels_only_when_they_do_not_fit():
    assert label_layout(["Jan", "Feb"])["x_label_rotation"] == 0
    assert label_layout(LONG)["x_label_rotation"] == 45
    assert label_layout([f"Label {i}" for i in range(60)])["x_labels_major_every"] > 1


# --- A text alternative ----------------------------------------------------------------------


def test_every_chart_has_a_summary_naming_its_values():
    figure = _figure(["Ada", "Ben"], [2, 0], [0, 1], names=["On time", "Late"])
    assert figure.summary == (
        "Stacked bar chart of a test figure. On time: Ada: 2; Ben: 0. Late: Ada: 0; Ben: 1. "
        "Full table below."
    )
