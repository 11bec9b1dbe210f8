"""Bar charts as small SVG made on the server: no script, no style attribute (the page's CSS
colours them), a title and a description for screen readers, and every figure written as text
beside its bar, so that neither colour nor length is the only cue. The page puts the same figures
in a table under each chart."""

from html import escape

WIDTH = 360
ROW = 52
BAR_HEIGHT = 20
FIGURE_WIDTH = 88


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, int, int]], *, title: str, description: str, ident: str) -> str:
    """`rows`: (label, count, percent). Each answer's label above its bar, so that the chart stays
    readable on a 360 px phone; bars are as long as their share of the largest count."""
    top = max((count for _label, count, _percent in rows), default=0) or 1
    bar_space = WIDTH - FIGURE_WIDTH
    height = len(rows) * ROW + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for index, (label, count, percent) in enumerate(rows):
        y = 4 + index * ROW
        bar_y = y + 22
        length = round(bar_space * count / top) if count else 0
        parts.append(f'<text class="chart-label" x="0" y="{y + 15}">{escape(_short(label))}</text>')
        parts.append(
            f'<rect class="chart-track" x="0" y="{bar_y}" width="{bar_space}" height="{BAR_HEIGHT}"/>'
        )
        if length:
            parts.append(
                f'<rect class="chart-bar" x="0" y="{bar_y}" width="{length}" height="{BAR_HEIGHT}"/>'
            )
        parts.append(
            f'<text class="chart-figure" x="{bar_space + 6}" y="{bar_y + 15}">'
            f"{count} ({percent} %)</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
