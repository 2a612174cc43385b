#!/usr/bin/env python3
"""bench/report.py — turn bench/run.sh's raw timings into the results.

    report.py times.tsv results.md results.svg

times.tsv has one row per run: workload, runner (native/qemu/xrun), rep,
seconds, status (ok/wrong/fail), cpu (user+sys seconds). A runner with no
rows for a workload (debootstrap has no native runner) shows "—". Per workload and runner we take the median
of the successful runs; a runner with any wrong or failed run shows that
instead of a time and is left out of the ratios and the geometric means.
Prints the table, writes it as Markdown, and draws the two ratios per
workload (xrun/qemu, xrun/native) as a horizontal bar chart in plain SVG
with a log scale, so 0.5x and 2x are the same distance from 1x.
"""
import csv
import math
import statistics
import os
import sys

RUNNERS = ("native", "qemu", "xrun")
# The qemu the run compared with (bench/run.sh sets it: qemu-arm, qemu-aarch64).
QEMU = os.environ.get("BENCH_QEMU", "qemu-arm")


def load(path):
    """Returns (workloads in first-seen order, {(workload, runner): [(secs, status)]})."""
    order, runs = [], {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            w = row["workload"]
            if w not in order:
                order.append(w)
            runs.setdefault((w, row["runner"]), []).append((float(row["seconds"]), row["status"]))
    return order, runs


def summarize(order, runs):
    """One dict per workload: median time or status per runner, and the ratios."""
    rows = []
    for w in order:
        r = {"workload": w}
        for runner in RUNNERS:
            samples = runs.get((w, runner), [])
            bad = [s for _, s in samples if s != "ok"]
            if not samples:
                r[runner] = None
                r[runner + "_status"] = "missing"
            elif bad:
                r[runner] = None
                r[runner + "_status"] = bad[0]
            else:
                r[runner] = statistics.median(t for t, _ in samples)
                r[runner + "_status"] = "ok"
        x, q, n = r["xrun"], r["qemu"], r["native"]
        r["x_q"] = x / q if x and q else None
        r["x_n"] = x / n if x and n else None
        rows.append(r)
    return rows


def geomean(values):
    values = [v for v in values if v]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_time(r, runner):
    """The median, the failure, or "—" for a runner the workload does not have."""
    if r[runner] is not None:
        return f"{r[runner]:.2f}"
    return "—" if r[runner + "_status"] == "missing" else r[runner + "_status"].upper()


def fmt_ratio(v):
    return f"{v:.2f}x" if v else "-"


def table_rows(rows):
    out = []
    for r in rows:
        out.append([r["workload"], fmt_time(r, "native"), fmt_time(r, "qemu"), fmt_time(r, "xrun"),
                    fmt_ratio(r["x_q"]), fmt_ratio(r["x_n"])])
    gq, gn = geomean(r["x_q"] for r in rows), geomean(r["x_n"] for r in rows)
    out.append(["geometric mean", "", "", "", fmt_ratio(gq), fmt_ratio(gn)])
    return out, gq, gn


HEADER = ["workload", "native s", f"{QEMU} s", "xrun s", "xrun/qemu", "xrun/native"]


def print_table(trows):
    widths = [max(len(str(x[i])) for x in trows + [HEADER]) for i in range(len(HEADER))]
    line = "  ".join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(HEADER))
    print(line)
    print("-" * len(line))
    for row in trows:
        if row[0] == "geometric mean":
            print("-" * len(line))
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    print(f"(median of the repetitions; xrun/qemu < 1 means xrun is faster than {QEMU})")


def write_md(path, trows):
    with open(path, "w") as f:
        f.write("# xrun benchmark\n\n")
        metric = "elapsed (wall-clock)" if os.environ.get("METRIC") == "wall" else "CPU (user+sys)"
        f.write(f"Median {metric} seconds over interleaved repetitions; lower is better. ")
        f.write("A ratio below 1.00x means xrun is faster than the runner it is compared with. ")
        f.write("WRONG/FAIL: the runner's output differed from the native one, or it failed. ")
        f.write("—: no such runner for the workload.\n\n")
        if any(r[0] == "debootstrap" for r in trows):
            f.write("debootstrap (the armhf second stage through binfmt_misc) is timed in elapsed "
                    "seconds whatever the metric, and has no native runner.\n\n")
        f.write("| " + " | ".join(HEADER) + " |\n")
        f.write("|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|\n")
        for row in trows:
            cells = [f"**{c}**" if row[0] == "geometric mean" and c else c for c in row]
            f.write("| " + " | ".join(cells) + " |\n")
        f.write("\n![ratios](results.svg)\n")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_svg(path, rows, gq, gn):
    """Two bars per workload on a log axis centred on 1x."""
    items = [(r["workload"], r["x_q"], r["x_n"]) for r in rows] + [("geometric mean", gq, gn)]
    vals = [v for _, a, b in items for v in (a, b) if v]
    lo = min(vals + [0.5])
    hi = max(vals + [2.0])
    lo_exp, hi_exp = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    if hi_exp == lo_exp:
        hi_exp += 1
    label_w, plot_w, bar_h, gap, top = 150, 560, 12, 14, 50
    height = top + len(items) * (2 * bar_h + gap) + 50
    width = label_w + plot_w + 90

    def x_of(v):
        return label_w + (math.log10(v) - lo_exp) / (hi_exp - lo_exp) * plot_w

    colors = {"q": "#4477aa", "n": "#ee6677"}
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{label_w}" y="20" font-size="14" font-weight="bold">'
           'xrun time ratios (log scale; left of 1x = xrun faster)</text>',
           f'<rect x="{label_w}" y="30" width="10" height="10" fill="{colors["q"]}"/>'
           f'<text x="{label_w + 14}" y="39">xrun / {QEMU}</text>',
           f'<rect x="{label_w + 130}" y="30" width="10" height="10" fill="{colors["n"]}"/>'
           f'<text x="{label_w + 144}" y="39">xrun / native</text>']
    axis_y = height - 35
    for e in range(lo_exp, hi_exp + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if v < 10 ** lo_exp or v > 10 ** hi_exp:
                continue
            x = x_of(v)
            svg.append(f'<line x1="{x:.1f}" y1="{top - 5}" x2="{x:.1f}" y2="{axis_y}" '
                       f'stroke="{"#888" if m == 1 else "#ddd"}" stroke-width="1"/>')
            svg.append(f'<text x="{x:.1f}" y="{axis_y + 15}" text-anchor="middle">{v:g}x</text>')
    x1 = x_of(1.0)
    svg.append(f'<line x1="{x1:.1f}" y1="{top - 5}" x2="{x1:.1f}" y2="{axis_y}" stroke="black" stroke-width="1.5"/>')
    y = top
    for name, q, n in items:
        bold = ' font-weight="bold"' if name == "geometric mean" else ""
        svg.append(f'<text x="{label_w - 8}" y="{y + bar_h + 4}" text-anchor="end"{bold}>{esc(name)}</text>')
        for v, key in ((q, "q"), (n, "n")):
            if v:
                xv = x_of(v)
                left, w = min(x1, xv), abs(xv - x1)
                svg.append(f'<rect x="{left:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" '
                           f'fill="{colors[key]}"/>')
                svg.append(f'<text x="{max(x1, xv) + 4:.1f}" y="{y + bar_h - 2}" font-size="10">{v:.2f}x</text>')
            else:
                svg.append(f'<text x="{x1 + 4:.1f}" y="{y + bar_h - 2}" font-size="10" fill="#c00">n/a</text>')
            y += bar_h
        y += gap
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: report.py times.tsv results.md results.svg")
    order, runs = load(sys.argv[1])
    rows = summarize(order, runs)
    trows, gq, gn = table_rows(rows)
    print_table(trows)
    write_md(sys.argv[2], trows)
    write_svg(sys.argv[3], rows, gq, gn)
    print(f"wrote {sys.argv[2]} and {sys.argv[3]}")


if __name__ == "__main__":
    main()
