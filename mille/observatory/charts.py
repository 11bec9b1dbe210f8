"""Bar charts of the observatory, made on the server as small SVG in the style of
`mille.network.charts`: no script, no style attribute (the page's CSS colours them), a title and a
description for screen readers, each figure written as text beside its bar so that neither colour
nor length is the only cue, and the same figures in a table beside the chart. A suppressed count
has no bar and says « moins de 5 »."""

from html import escape

from django.utils.translation import gettext as _

from mille.core.disclosure import Cell

WIDTH = 360
ROW = 46
BAR_HEIGHT = 18
FIGURE_WIDTH = 96


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cell_text(cell: Cell) -> str:
    return _("moins de 5") if cell.suppressed else f"{cell.value:n}".replace(",", "\u202f")


def bar_chart(
    rows: list[tuple[str, Cell]],
    *,
    title: str,
    description: str,
    unit: str,
    ident: str,
    people: bool = False,
) -> str:
    """`rows`: (label, published cell). Each label above its bar, so the chart stays readable on
    a 360 px phone; bars are as long as their share of the largest published figure. `people`
    marks a chart of people (`data-people`), whose figures are protected for the public."""
    top = max((cell.value or 0 for _label, cell in rows), default=0) or 1
    bar_space = WIDTH - FIGURE_WIDTH
    height = len(rows) * ROW + 6
    summary = "; ".join(f"{label} : {cell_text(cell)}" for label, cell in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false"'
        f"{' data-people' if people else ''}>",
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)} {escape(unit)} — {escape(summary)}</desc>',
    ]
    for index, (label, cell) in enumerate(rows):
        y = 4 + index * ROW
        bar_y = y + 20
        length = round(bar_space * (cell.value or 0) / top)
        parts.append(f'<text class="chart-label" x="0" y="{y + 14}">{escape(_short(label))}</text>')
        parts.append(
            f'<rect class="chart-track" x="0" y="{bar_y}" width="{bar_space}" height="{BAR_HEIGHT}"/>'
        )
        if length:
            parts.append(
                f'<rect class="chart-bar" x="0" y="{bar_y}" width="{length}" height="{BAR_HEIGHT}"/>'
            )
        parts.append(
            f'<text class="chart-figure" x="{bar_space + 6}" y="{bar_y + 14}">'
            f"{escape(cell_text(cell))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
