#!/usr/bin/env python3
"""Builds the world map the reports draw (lecturehall/modules/reports/data/world.json) from Natural Earth's country
shapes as packaged by world-atlas (TopoJSON; Natural Earth is public domain, world-atlas is ISC-licensed):

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/build_world_map.py /tmp/package

Countries come from the 1:110m shapes, projected with the Equal Earth projection onto a 1000×487 canvas and written
as SVG path data per ISO 3166 alpha-2 code. Countries too small for 1:110m (Singapore, Bahrain, Mauritius …) are
taken from the 1:50m shapes as a dot at their centre, so every partner country can be shaded. ``outline`` is the
map's edge, to clip the shapes that cross the antimeridian. The app only reads the JSON: no map service or tile
server is involved.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pycountry

WIDTH = 1000.0
OUT = Path(__file__).resolve().parent.parent / "lecturehall" / "modules" / "reports" / "data" / "world.json"

# Equal Earth (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180, 0)[0]
Y_MAX = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round(2 * Y_MAX * SCALE)


def to_canvas(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return round((x + X_MAX) * SCALE, 1), round((Y_MAX - y) * SCALE, 1)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def unwrapped(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring as drawn: as it is, or — when it crosses the antimeridian (Russia, Fiji) — twice, once continued
    past +180° and once past -180°, each half falling outside the map on one side (the SVG's viewBox clips it)."""
    if not any(abs(b[0] - a[0]) > 180 for a, b in zip(points, points[1:])):
        return [points]
    east = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
    west = [(lon - 360 if lon > 0 else lon, lat) for lon, lat in points]
    return [east, west]


def path_data(shapes) -> str:
    parts = []
    for polygon in shapes:
        for points in (piece for ring_points in polygon for piece in unwrapped(ring_points)):
            projected = [to_canvas(lon, lat) for lon, lat in points]
            # Drop consecutive points that land on the same tenth of a pixel: the file stays small.
            kept = [projected[0]] + [p for previous, p in zip(projected, projected[1:]) if p != previous]
            if len(kept) < 3:
                continue
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z")
    return "".join(parts)


def outline() -> str:
    """The edge of the map (the ±180° meridians): shapes continued past the antimeridian are clipped to it."""
    east = [to_canvas(180, lat) for lat in range(-90, 91, 2)]
    west = [to_canvas(-180, lat) for lat in range(90, -91, -2)]
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in east + west) + "Z"


def alpha2(numeric: str) -> str | None:
    country = pycountry.countries.get(numeric=numeric.zfill(3)) if numeric else None
    return country.alpha_2 if country else None


def centre(shapes) -> tuple[float, float]:
    """The centre of the largest ring's bounding box, in degrees: good enough to place a dot on a small country."""
    largest = max((points for polygon in shapes for points in polygon), key=len)
    lons = [lon for lon, _ in largest]
    lats = [lat for _, lat in largest]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def build(package: Path) -> dict:
    coarse = json.loads((package / "countries-110m.json").read_text())
    fine = json.loads((package / "countries-50m.json").read_text())
    coarse_arcs, fine_arcs = decode_arcs(coarse), decode_arcs(fine)
    shapes, dots = {}, {}
    for geometry in coarse["objects"]["countries"]["geometries"]:
        code = alpha2(geometry.get("id", ""))
        if code and code != "AQ":  # nobody takes part from Antarctica; it would take a sixth of the map
            data = path_data(polygons(geometry, coarse_arcs))
            if data:
                shapes[code] = data
    for geometry in fine["objects"]["countries"]["geometries"]:
        code = alpha2(geometry.get("id", ""))
        if code and code not in shapes and code != "AQ":
            lon, lat = centre(polygons(geometry, fine_arcs))
            dots[code] = to_canvas(lon, lat)
    return {"width": WIDTH, "height": HEIGHT, "outline": outline(), "source": "Natural Earth (public domain) via world-atlas 2.0.2 (ISC)",
            "shapes": dict(sorted(shapes.items())), "dots": dict(sorted(dots.items()))}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    world = build(Path(sys.argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(world, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(world['shapes'])} shapes, {len(world['dots'])} dots, {OUT.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
