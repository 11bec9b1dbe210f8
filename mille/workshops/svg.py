"""The opinion map as a small SVG made on the server: one mark per participant who voted enough,
placed by the engine's two axes, shaped and coloured by opinion group (shape, so that colour is
never the only cue). The page gives the same information as a table."""

from __future__ import annotations

from django.utils.html import escape

SIZE = 320
PAD = 16
COLOURS = ["#1d4f91", "#8a4500", "#1d5e2c", "#5b2a86", "#9b1c1c"]


def _mark(shape: int, x: float, y: float, colour: str) -> str:
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" fill="{colour}"/>'
    if shape == 2:
        return (
            f'<path d="M{x:.1f} {y - 7:.1f}L{x + 7:.1f} {y + 6:.1f}L{x - 7:.1f} {y + 6:.1f}Z" '
            f'fill="{colour}"/>'
        )
    if shape == 3:
        return (
            f'<path d="M{x:.1f} {y - 7:.1f}L{x + 7:.1f} {y:.1f}L{x:.1f} {y + 7:.1f}L{x - 7:.1f} '
            f'{y:.1f}Z" fill="{colour}"/>'
        )
    return (
        f'<path d="M{x - 6:.1f} {y - 6:.1f}L{x + 6:.1f} {y + 6:.1f}M{x + 6:.1f} {y - 6:.1f}'
        f'L{x - 6:.1f} {y + 6:.1f}" stroke="{colour}" stroke-width="3"/>'
    )


def opinion_map(points: list[dict], *, title: str, description: str) -> str:
    """`points`: dicts with x, y and opinion (group number, -1 for none)."""
    xs = [p["x"] for p in points if p["x"] is not None]
    ys = [p["y"] for p in points if p["y"] is not None]
    span_x = (max(xs) - min(xs)) if xs else 0
    span_y = (max(ys) - min(ys)) if ys else 0
    scale = (SIZE - 2 * PAD) / max(span_x, span_y, 1e-9)
    marks = []
    for point in points:
        if point["x"] is None or point["y"] is None:
            continue
        x = PAD + (point["x"] - min(xs)) * scale + (SIZE - 2 * PAD - span_x * scale) / 2
        y = PAD + (point["y"] - min(ys)) * scale + (SIZE - 2 * PAD - span_y * scale) / 2
        group = point["opinion"]
        colour = COLOURS[group % len(COLOURS)] if group >= 0 else "#6b6b75"
        marks.append(_mark(group % 5 if group >= 0 else 4, x, y, colour))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="map-title map-desc" class="opinion-map">'
        f'<title id="map-title">{escape(title)}</title><desc id="map-desc">{escape(description)}</desc>'
        f'<rect width="{SIZE}" height="{SIZE}" fill="#fff" stroke="#c9c4b8"/>'
        f'<path d="M{SIZE / 2} {PAD}V{SIZE - PAD}M{PAD} {SIZE / 2}H{SIZE - PAD}" stroke="#ddd"/>'
        + "".join(marks)
        + "</svg>"
    )


def legend_mark(group: int) -> str:
    """The mark of an opinion group alone, for the legend."""
    colour = COLOURS[group % len(COLOURS)]
    return (
        f'<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
        f"{_mark(group % 5, 8, 8, colour)}</svg>"
    )
