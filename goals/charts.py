"""An indicator's values against its target as a small SVG line chart, drawn by a template.

The same chart serves the goal page and the period report's PDF (which runs no JavaScript); the
numbers are also in a table beside it, so a screen reader and a printout lose nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from goals.kolada import KOLADA_SOURCE

WIDTH, HEIGHT = 320, 160
# RIGHT leaves room for half the last year label, which is centred on the last point.
LEFT, RIGHT, TOP, BOTTOM = 44, 18, 12, 26


@dataclass
class ChartPoint:
    year: int
    period: str
    value: Decimal
    source: str
    x: float = 0
    y: float = 0


@dataclass
class Chart:
    points: list[ChartPoint]
    target: Decimal | None
    target_year: int | None
    target_y: float | None = None
    ticks: list[tuple[float, Decimal]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_x: int = WIDTH - RIGHT
    bottom_y: int = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def first_year(self) -> int:
        return self.points[0].year

    @property
    def last_year(self) -> int:
        return self.points[-1].year

    @property
    def from_kolada(self) -> bool:
        return any(p.source == KOLADA_SOURCE for p in self.points)

    @property
    def sources(self) -> list[str]:
        return sorted({p.source for p in self.points if p.source})


def indicator_chart(indicator, measurements) -> Chart | None:
    """The chart of ``measurements`` (an indicator's, oldest first); None without any value."""
    points = [
        ChartPoint(year=m.year, period=m.period, value=m.value, source=m.source)
        for m in measurements
    ]
    if not points:
        return None
    chart = Chart(points=points, target=indicator.target_value, target_year=indicator.target_year)
    values = [p.value for p in points]
    if chart.target is not None:
        values.append(chart.target)
    low, high = min(values), max(values)
    if low > 0 and low < high * Decimal("0.5"):
        low = Decimal(0)
    if high == low:
        low, high = low - 1, high + 1
    span = high - low
    plot_height = chart.bottom_y - TOP
    plot_width = chart.right_x - LEFT

    def y_of(value: Decimal) -> float:
        return float(chart.bottom_y - (value - low) / span * plot_height)

    for n, point in enumerate(points):
        point.x = LEFT + (plot_width * n / (len(points) - 1) if len(points) > 1 else plot_width / 2)
        point.y = y_of(point.value)
    if chart.target is not None:
        chart.target_y = y_of(chart.target)
    chart.ticks = [(y_of(v), v.quantize(Decimal("0.1"))) for v in (low, low + span / 2, high)]
    return chart
