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


# --- Problem tree picture -----------------------------------------------------------------------

TREE_WIDTH = 960
BOX_WIDTH = 200
LINE_HEIGHT = 18
CHARS_PER_LINE = 26


def _wrap(text: str, limit: int = CHARS_PER_LINE, max_lines: int = 6) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: limit - 1] + "…"
    return lines


def _box(
    x: float, y: float, lines: list[str], *, fill: str, stroke: str, bold: bool = False
) -> str:
    height = LINE_HEIGHT * len(lines) + 14
    weight = ' font-weight="700"' if bold else ""
    texts = "".join(
        f'<tspan x="{x + BOX_WIDTH / 2:.0f}" dy="{LINE_HEIGHT if i else 0}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_WIDTH}" height="{height}" rx="8" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
        f'<text x="{x + BOX_WIDTH / 2:.0f}" y="{y + 21:.0f}" text-anchor="middle" '
        f'font-size="14"{weight} fill="#1b1b1f">{texts}</text>'
    )


def _height(lines: list[str]) -> int:
    return LINE_HEIGHT * len(lines) + 14


def _row(items: list[tuple[str, list[str]]]) -> list[list[str]]:
    boxes = []
    for text, children in items:
        lines = _wrap(text)
        for child in children:
            lines += _wrap("· " + child, max_lines=2)
        boxes.append(lines[:9])
    return boxes


def tree_picture(
    trunk: str,
    roots: list[tuple[str, list[str]]],
    branches: list[tuple[str, list[str]]],
    *,
    title: str,
    description: str,
    labels: tuple[str, str, str],
    colours: tuple[str, str, str] = ("#e3f1e6", "#fcecd9", "#efe6f7"),
    ident: str = "tree",
) -> str:
    """Branches (consequences or their objectives) above, the trunk in the middle, roots below.
    `labels` name the three rows for sighted readers; the page lists the same as nested lists."""
    per_row = 4
    rows_top = [_row(branches[i : i + per_row]) for i in range(0, len(branches), per_row)]
    rows_bottom = [_row(roots[i : i + per_row]) for i in range(0, len(roots), per_row)]
    trunk_lines = _wrap(trunk or "…", limit=30)
    parts, y = [], 36
    centre = TREE_WIDTH / 2

    def place(row, fill, stroke, top):
        nonlocal y
        gap = (TREE_WIDTH - len(row) * BOX_WIDTH) / (len(row) + 1)
        height = max(_height(lines) for lines in row)
        anchors = []
        for index, lines in enumerate(row):
            x = gap + index * (BOX_WIDTH + gap)
            parts.append(_box(x, y, lines, fill=fill, stroke=stroke))
            anchors.append((x + BOX_WIDTH / 2, y + (_height(lines) if top else 0)))
        y += height + 40
        return anchors

    parts.append(f'<text x="12" y="22" font-size="13" fill="#4a4a55">{escape(labels[0])}</text>')
    top_anchors = []
    for row in rows_top:
        top_anchors += place(row, colours[0], "#1d5e2c", True)
    trunk_y = y
    trunk_height = _height(trunk_lines)
    parts.append(
        f'<text x="12" y="{trunk_y - 8}" font-size="13" fill="#4a4a55">{escape(labels[1])}</text>'
    )
    parts.append(
        _box(
            centre - BOX_WIDTH / 2,
            trunk_y,
            trunk_lines,
            fill="#f4f1ea",
            stroke="#5f1e08",
            bold=True,
        )
    )
    y = trunk_y + trunk_height + 40
    parts.append(
        f'<text x="12" y="{y - 8}" font-size="13" fill="#4a4a55">{escape(labels[2])}</text>'
    )
    bottom_anchors = []
    for row in rows_bottom:
        bottom_anchors += place(row, colours[1], "#8a4500", False)
    lines = [
        f'<path d="M{x:.0f} {ay:.0f}L{centre:.0f} {trunk_y:.0f}" stroke="#1d5e2c" stroke-width="2" fill="none"/>'
        for x, ay in top_anchors
    ] + [
        f'<path d="M{x:.0f} {ay:.0f}L{centre:.0f} {trunk_y + trunk_height:.0f}" stroke="#8a4500" stroke-width="2" fill="none"/>'
        for x, ay in bottom_anchors
    ]
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {TREE_WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="tree-picture">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
        + "".join(lines)
        + "".join(parts)
        + "</svg>"
    )
