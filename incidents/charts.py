"""Static SVG charts for public pages, built in Python: no JavaScript, no inline styles.

Each builder returns one `<svg role="img">` as a SafeString, named by its own `<title>` and
described by its `<desc>`; colours come from classes in static/css/charts.css, so that a strict
Content-Security-Policy (no `style` attributes, no `<style>` elements) allows the page. Every
label passes through format_html, so a party's name cannot inject markup. The charts are a
picture of numbers that the page also gives as a table; they never carry a figure alone.

In a right-to-left language (rtl=True) each chart is drawn as its mirror image, as the page
around it is: time runs from right to left, the value axis stands on the right and the party
bars grow leftwards from their names. Every x coordinate goes through one `Mirror`; the text
keeps its anchors (start, end), which the svg's own `direction` turns around with it.
"""

import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH = 800
MARGIN_LEFT = 64
MARGIN_RIGHT = 16
LEGEND_HEIGHT = 28
PLOT_TOP = LEGEND_HEIGHT + 16
PLOT_HEIGHT = 260
AXIS_LABELS_HEIGHT = 32
MAX_X_LABELS = 12
# Legend text is not measured by the browser before drawing; this is a generous average width
# of one character at the legend's font size, so that items never overlap.
LEGEND_CHAR_WIDTH = 8
# Long party names are cut in the chart (the table beside it gives them in full).
MAX_ROW_LABEL = 20


@dataclass(frozen=True)
class Mirror:
    """Horizontal positions as drawn: as computed (left to right), or mirrored for right to left."""

    rtl: bool = False

    def x(self, x):
        """A point's x coordinate, as text."""
        return number(WIDTH - x if self.rtl else x)

    def left(self, x, width):
        """The x attribute of a box that spans x to x + width when drawn left to right."""
        return number(WIDTH - x - width if self.rtl else x)

    @property
    def direction(self):
        return "rtl" if self.rtl else "ltr"


@dataclass(frozen=True)
class Series:
    """One coloured part of a chart: its key in the data, what the legend calls it, its CSS class."""

    key: str
    label: str
    css_class: str


def number(value):
    """A coordinate or figure as short text: 12, 12.5, never 12.500000001."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def nice_scale(highest, ticks=5):
    """The top of the axis and the step between gridlines, on 1-2-5 steps, covering `highest`."""
    if highest <= 0:
        return ticks, 1
    raw_step = highest / ticks
    magnitude = 10 ** math.floor(math.log10(raw_step))
    for multiple in (1, 2, 5, 10):
        step = multiple * magnitude
        if step >= raw_step:
            break
    step = max(int(step), 1)
    return step * math.ceil(highest / step), step


def _svg(chart_id, title, description, height, body, mirror):
    # `direction` is a presentation attribute, not a style: a strict CSP allows it.
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {} {}" direction="{}" role="img" '
        'aria-labelledby="{}-title" aria-describedby="{}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH, height, mirror.direction, chart_id, chart_id, chart_id, title, chart_id, description, body,
    )


def _join(parts):
    # Every part is already a SafeString (format_html escaped what came from the data).
    return mark_safe("".join(str(part) for part in parts))  # nosec B308 B703


def _legend(items, mirror):
    """Swatches and names in one row above the plot. `items` are (css_class, label, shape)."""
    parts = []
    x = MARGIN_LEFT
    for css_class, label, shape in items:
        if shape == "line":
            swatch = format_html('<line class="{}" x1="{}" y1="12" x2="{}" y2="12"/>', css_class, mirror.x(x),
                                 mirror.x(x + 18))
        else:
            swatch = format_html('<rect class="{}" x="{}" y="4" width="16" height="16"/>', css_class,
                                 mirror.left(x, 16))
        parts.append(format_html('{}<text class="chart-legend" x="{}" y="17">{}</text>', swatch, mirror.x(x + 24),
                                 label))
        x += 24 + math.ceil(LEGEND_CHAR_WIDTH * len(str(label))) + 20
    return format_html('<g class="chart-legend-items">{}</g>', _join(parts))


def _value_axis(top, step, y_of, mirror):
    """Horizontal gridlines with their figures, for charts that rise from a baseline."""
    lines = []
    for value in range(0, top + 1, step):
        y = number(y_of(value))
        lines.append(format_html(
            '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="chart-tick" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
            mirror.x(MARGIN_LEFT), y, mirror.x(WIDTH - MARGIN_RIGHT), y, mirror.x(MARGIN_LEFT - 8), y, value,
        ))
    return _join(lines)


def _period_labels(periods, x_center, mirror):
    """Period names under the plot; only every n-th when there are many, so they never overlap."""
    every = max(1, math.ceil(len(periods) / MAX_X_LABELS))
    baseline = PLOT_TOP + PLOT_HEIGHT
    return format_html_join(
        "",
        '<text class="chart-tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((mirror.x(x_center(index)), baseline + 20, label)
         for index, label in enumerate(periods) if index % every == 0),
    )


def _columns(count):
    """The width of one period's column and a function giving its centre."""
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(count, 1)
    return slot, (lambda index: MARGIN_LEFT + slot * (index + 0.5))


def stacked_bar_chart(*, chart_id, title, description, periods, series, values, rtl=False):
    """Bars per period, one stacked segment per series. `values[key]` lists a count per period."""
    mirror = Mirror(rtl)
    top, step = nice_scale(max((sum(values[s.key][i] for s in series) for i in range(len(periods))), default=0))
    baseline = PLOT_TOP + PLOT_HEIGHT

    def y_of(value):
        return baseline - PLOT_HEIGHT * value / top

    slot, x_center = _columns(len(periods))
    bar_width = max(slot * 0.7, 1)
    bars = []
    for index, period in enumerate(periods):
        below = 0
        x = mirror.left(x_center(index) - bar_width / 2, bar_width)
        for s in series:
            count = values[s.key][index]
            if not count:
                continue
            y_top, y_bottom = y_of(below + count), y_of(below)
            bars.append(format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
                s.css_class, x, number(y_top), number(bar_width), number(y_bottom - y_top), period, count, s.label,
            ))
            below += count
    body = format_html(
        '{}{}<g class="chart-bars">{}</g><line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}',
        _legend([(s.css_class, s.label, "box") for s in series], mirror),
        _value_axis(top, step, y_of, mirror),
        _join(bars),
        mirror.x(MARGIN_LEFT), baseline, mirror.x(WIDTH - MARGIN_RIGHT), baseline,
        _period_labels(periods, x_center, mirror),
    )
    return _svg(chart_id, title, description, baseline + AXIS_LABELS_HEIGHT, body, mirror)


def band_chart(*, chart_id, title, description, periods, lows, highs, low_label, high_label,
               band_label="the range between them", rtl=False):
    """A shaded band between two lines over the periods: the lowest and highest totals."""
    mirror = Mirror(rtl)
    top, step = nice_scale(max(highs, default=0))
    baseline = PLOT_TOP + PLOT_HEIGHT

    def y_of(value):
        return baseline - PLOT_HEIGHT * value / top

    _slot, x_center = _columns(len(periods))
    high_points = [(mirror.x(x_center(i)), number(y_of(v))) for i, v in enumerate(highs)]
    low_points = [(mirror.x(x_center(i)), number(y_of(v))) for i, v in enumerate(lows)]

    def points(pairs):
        return " ".join(f"{x},{y}" for x, y in pairs)

    markers = []
    if len(periods) == 1 and highs[0] > lows[0]:
        # A band needs two periods; with one, show the range as a bar between the two markers.
        (x, y_high), (_x, y_low) = high_points[0], low_points[0]
        markers.append(format_html(
            '<rect class="chart-band" x="{}" y="{}" width="24" height="{}"/>',
            number(float(x) - 12), y_high, number(float(y_low) - float(y_high)),
        ))
    for index, period in enumerate(periods):
        for css_class, label, value, (x, y) in (
            ("chart-line-high", high_label, highs[index], high_points[index]),
            ("chart-line-low", low_label, lows[index], low_points[index]),
        ):
            markers.append(format_html(
                '<circle class="{} chart-marker" cx="{}" cy="{}" r="3"><title>{}: {} {}</title></circle>',
                css_class, x, y, period, value, label,
            ))
    body = format_html(
        '{}{}<polygon class="chart-band" points="{}"/>'
        '<polyline class="chart-line-high" points="{}"/><polyline class="chart-line-low" points="{}"/>'
        '<g>{}</g><line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}',
        _legend([("chart-line-high", high_label, "line"), ("chart-line-low", low_label, "line"),
                 ("chart-band", band_label, "box")], mirror),
        _value_axis(top, step, y_of, mirror),
        points(high_points + low_points[::-1]),
        points(high_points),
        points(low_points),
        _join(markers),
        mirror.x(MARGIN_LEFT), baseline, mirror.x(WIDTH - MARGIN_RIGHT), baseline,
        _period_labels(periods, x_center, mirror),
    )
    return _svg(chart_id, title, description, baseline + AXIS_LABELS_HEIGHT, body, mirror)


def _shorten(label):
    return label if len(label) <= MAX_ROW_LABEL else label[: MAX_ROW_LABEL - 1].rstrip() + "…"


def _figure_after_bar(left, x_end, y_middle, text, mirror):
    """A bar's figure just past its end; inside the bar, in white, when it would run off the chart."""
    width = LEGEND_CHAR_WIDTH * len(text)
    if x_end + 6 + width <= WIDTH - MARGIN_RIGHT or x_end - left < width + 12:
        return format_html('<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>',
                           mirror.x(x_end + 6), y_middle, text)
    return format_html(
        '<text class="chart-value chart-value-inside" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">'
        "{}</text>", mirror.x(x_end - 6), y_middle, text,
    )


def range_and_value_bars(*, chart_id, title, description, rows, range_labels, value_label, rtl=False):
    """Two horizontal bars per row: a range (solid to its low end, lighter to its high end) and a
    single value beneath it. `rows` are (label, low, high, value, value_note)."""
    mirror = Mirror(rtl)
    bar_height = 18
    row_height = 2 * bar_height + 20
    left = 200  # the rows' names, right-aligned against the axis
    right = WIDTH - MARGIN_RIGHT - 110  # room for the range's figures after the longest bar
    top, step = nice_scale(max((max(high, value) for _l, _lo, high, value, _n in rows), default=0))

    def x_of(value):
        return left + (right - left) * value / top

    plot_top = PLOT_TOP
    plot_bottom = plot_top + row_height * len(rows)
    grid = []
    for tick in range(0, top + 1, step):
        x = mirror.x(x_of(tick))
        grid.append(format_html(
            '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="chart-tick" x="{}" y="{}" text-anchor="middle">{}</text>',
            x, plot_top, x, plot_bottom, x, plot_bottom + 18, tick,
        ))
    bars = []
    for index, (label, low, high, value, value_note) in enumerate(rows):
        y = plot_top + index * row_height + 8
        y_value = y + bar_height + 2
        bars.append(format_html(
            '<text class="chart-row-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">'
            "{}<title>{}</title></text>",
            mirror.x(left - 8), y + bar_height + 1, _shorten(label), label,
        ))
        if high > low:
            bars.append(format_html(
                '<rect class="chart-range-high" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
                mirror.left(x_of(low), x_of(high) - x_of(low)), y, number(x_of(high) - x_of(low)), bar_height, label,
                high, range_labels[1],
            ))
        if low:
            bars.append(format_html(
                '<rect class="chart-range-low" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
                mirror.left(left, x_of(low) - left), y, number(x_of(low) - left), bar_height, label, low,
                range_labels[0],
            ))
        range_text = number(low) if low == high else f"{number(low)}–{number(high)}"
        bars.append(_figure_after_bar(left, x_of(high), y + bar_height / 2, range_text, mirror))
        if value:
            bars.append(format_html(
                '<rect class="chart-value-bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
                mirror.left(left, x_of(value) - left), y_value, number(x_of(value) - left), bar_height, label, value,
                value_label,
            ))
        bars.append(_figure_after_bar(left, x_of(value), y_value + bar_height / 2, f"{number(value)} {value_note}",
                                      mirror))
    body = format_html(
        '{}{}<g class="chart-bars">{}</g><line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
        _legend([("chart-range-low", range_labels[0], "box"), ("chart-range-high", range_labels[1], "box"),
                 ("chart-value-bar", value_label, "box")], mirror),
        _join(grid),
        _join(bars),
        mirror.x(left), plot_top, mirror.x(left), plot_bottom,
    )
    return _svg(chart_id, title, description, plot_bottom + 28, body, mirror)
