"""The figures as a viewer may see them: exact for the national coordination, protected (small
counts of people suppressed, the others rounded: `mille.core.disclosure`) for everyone
else; each table with its chart."""

from __future__ import annotations

from dataclasses import dataclass

from mille.core.disclosure import Cell, exact, protect, protect_one, protected_share
from mille.observatory import charts
from mille.observatory.figures import Column, RawFigures, RawTable, raw_figures


@dataclass(frozen=True)
class KeyFigure:
    ident: str
    label: str
    cell: Cell
    people: bool


@dataclass(frozen=True)
class Figure:
    """A published cell of a table, and whether it counts people."""

    cell: Cell
    people: bool

    @property
    def value(self) -> int | None:
        return self.cell.value

    @property
    def suppressed(self) -> bool:
        return self.cell.suppressed

    @property
    def rounded(self) -> bool:
        return self.cell.rounded


@dataclass(frozen=True)
class Table:
    ident: str
    title: str
    note: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, tuple[Figure, ...]], ...]
    totals: tuple[Figure, ...] | None
    trend: bool
    chart: str

    @property
    def has_people(self) -> bool:
        return any(column.people for column in self.columns)


@dataclass(frozen=True)
class Dashboard:
    exact: bool
    key: tuple[KeyFigure, ...]
    share_without_account: int | None
    tables: tuple[Table, ...]

    def table(self, ident: str) -> Table | None:
        return next((table for table in self.tables if table.ident == ident), None)


def _publish_table(raw: RawTable, *, exact_counts: bool) -> Table:
    columns: list[list[Figure]] = []
    totals: list[Figure] = []
    for index, column in enumerate(raw.columns):
        counts = [row[1][index] for row in raw.rows]
        total = raw.totals[index] if raw.totals is not None else None
        publish = exact if exact_counts or not column.people else protect
        cells, total_cell = publish(counts, total)
        columns.append([Figure(cell, column.people) for cell in cells])
        if total_cell is not None:
            totals.append(Figure(total_cell, column.people))
    rows = tuple(
        (label, tuple(column[position] for column in columns))
        for position, (label, _counts) in enumerate(raw.rows)
    )
    return Table(
        ident=raw.ident,
        title=raw.title,
        note=raw.note,
        row_header=raw.row_header,
        columns=raw.columns,
        rows=rows,
        totals=tuple(totals) if raw.totals is not None else None,
        trend=raw.trend,
        chart=charts.bar_chart(
            [(label, cells[0].cell) for label, cells in rows],
            title=raw.title,
            description=raw.note,
            unit=raw.columns[0].label,
            ident=f"chart-{raw.ident}",
            people=raw.columns[0].people,
        ),
    )


def publish(raw: RawFigures, *, exact_counts: bool) -> Dashboard:
    """The figures as the viewer may see them: exact for the national coordination, protected
    (suppressed and rounded counts of people) for everyone else."""
    key = tuple(
        KeyFigure(
            figure.ident,
            figure.label,
            Cell(figure.count) if exact_counts or not figure.people else protect_one(figure.count),
            figure.people,
        )
        for figure in raw.key
    )
    if exact_counts:
        share = round(100 * raw.without_account / raw.participants) if raw.participants else None
    else:
        share = protected_share(raw.without_account, raw.participants)
    return Dashboard(
        exact=exact_counts,
        key=key,
        share_without_account=share,
        tables=tuple(_publish_table(table, exact_counts=exact_counts) for table in raw.tables),
    )


def dashboard(departement: str | None, *, exact_counts: bool) -> Dashboard:
    return publish(raw_figures(departement), exact_counts=exact_counts)
