"""Bar charts as small SVG made on the server: no script, no style attribute (the page's CSS
colours them), a title and a description for screen readers, and every figure written as text
beside its bar, so that neither colour nor length is the only cue. The page puts the same figures
in a table under each chart."""

from html import escape

WIDTH = 640
LABEL_WIDTH = 250
BAR_HEIGHT = 26
GAP = 10
FIGURE_WIDTH = 90


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, int, int]], *, title: str, description: str, ident: str) -> str:
    """`rows`: (label, count, percent). Bars are as long as their share of the largest count."""
    top = max((count for _label, count, _percent in rows), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - FIGURE_WIDTH
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for index, (label, count, percent) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(bar_space * count / top) if count else 0
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle:.0f}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(_short(label))}</text>'
        )
        parts.append(
            f'<rect class="chart-track" x="{LABEL_WIDTH}" y="{y}" width="{bar_space}" '
            f'height="{BAR_HEIGHT}"/>'
        )
        if length:
            parts.append(
                f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
                f'height="{BAR_HEIGHT}"/>'
            )
        parts.append(
            f'<text class="chart-figure" x="{LABEL_WIDTH + bar_space + 8}" y="{middle:.0f}" '
            f'dominant-baseline="middle">{count} ({percent} %)</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
