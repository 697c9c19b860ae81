#!/usr/bin/env bash
# One accent colour recolours everything a layout does not set explicitly.
# For every layout, data/long.yaml is built as it is and twice with the
# profile's `layout: {extends: L, colors: {accent: ...}}` (a red and a green
# accent): each new accent is drawn; no colour derived from the old accent
# (the accent or a tint of it: titles, rules, bands, icons) is left; and the
# text inside every link area on page 1 changes colour with the accent unless
# the layout gives that role a `link-color` of its own.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }

for lay in "$SRC"/layouts/*.yaml; do
	lay=$(basename "$lay" .yaml)
	built=true
	"$FOLIO" build -q -l "$lay" -o "$tmp/$lay-0.pdf" "$SRC/data/long.yaml" || built=false
	for accent in 7a1f1f 1f7a1f; do
		# the profile with its layout: key replaced by the override
		sed '/^layout:/,/^[^ ]/{/^layout:/d;/^  /d}' "$SRC/data/long.yaml" > "$SRC/data/.accent-$$.yaml"
		printf 'layout:\n  extends: %s\n  colors: {accent: "#%s"}\n' "$lay" "$accent" >> "$SRC/data/.accent-$$.yaml"
		"$FOLIO" build -q -o "$tmp/$lay-$accent.pdf" "$SRC/data/.accent-$$.yaml" || built=false
		rm -f "$SRC/data/.accent-$$.yaml"
	done
	if ! $built; then
		bad "$lay: build failed"
		continue
	fi
	for f in 0 7a1f1f 1f7a1f; do
		mutool draw -q -F stext -o "$tmp/$lay-$f.stext" "$tmp/$lay-$f.pdf" 1 2> /dev/null &&
			qpdf --json=2 "$tmp/$lay-$f.pdf" > "$tmp/$lay-$f.json" || bad "$lay: mutool or qpdf failed"
	done
	python3 - "$SRC" "$lay" "$tmp/$lay" << 'PY' && ok || bad "$lay: see above"
import json, re, sys, xml.etree.ElementTree as ET
src, lay, base = sys.argv[1:]
def layout_chain(name):  # the layout file and those it extends
    files = []
    while name:
        text = open(f"{src}/layouts/{name}.yaml", encoding="utf-8").read()
        files.append(text)
        m = re.search(r"^extends:\s*(\S+)", text, re.M)
        name = m.group(1) if m else None
    return files
chain = layout_chain(lay)
rgb = lambda h: tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
old_hex = next(m.group(1) for t in chain for m in [re.search(r'^  accent: "#([0-9a-fA-F]{6})"', t, re.M)] if m)
# colours a layout writes as they are (a style's colour or link-color, a
# band): what stays the same whatever the accent; not colors.link, which
# shipped layouts leave to follow the accent
literal = {rgb(m) for t in chain for m in re.findall(r'(?<!link: )"#([0-9a-fA-F]{6})"', t)}
literal |= {(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)}  # white (a name), and black text by default
near = lambda a, b: all(abs(x - y) < 0.006 for x, y in zip(a, b))

def chars(stem):  # (x, y, colour) of every character on page 1, y up
    root = ET.parse(stem + ".stext").getroot()
    page = root.find("page")
    h = float(page.get("height"))
    out = []
    for ch in page.iter("char"):
        q = [float(v) for v in ch.get("quad").split()]
        x, y = (q[0] + q[2]) / 2, h - (q[1] + q[5]) / 2
        out.append((x, y, rgb(ch.get("color", "#000000")[1:])))
    return out

def links(stem):  # link rectangles of page 1
    objs = json.load(open(stem + ".json"))["qpdf"][1]
    page = next(v["value"] for v in objs.values() if isinstance(v.get("value"), dict)
                and v["value"].get("/Type") == "/Page")
    return [objs["obj:" + r]["value"]["/Rect"] for r in page.get("/Annots", [])]

def drawn(pdf):
    import subprocess
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True).stdout.decode("latin-1")
    return {tuple(round(float(v), 3) for v in m)
            for m in re.findall(r"(?:^|\s)([0-9.]+) ([0-9.]+) ([0-9.]+) (?:rg|RG)\s", qdf, re.M)}

errors = []
old = rgb(old_hex)
c0 = drawn(base + "-0.pdf")
for acc in ("7a1f1f", "1f7a1f"):
    new = rgb(acc)
    c1 = drawn(base + f"-{acc}.pdf")
    if not any(near(c, new) for c in c1):
        errors.append(f"accent #{acc} is not drawn")
    if abs(old[0] - old[1]) < 0.02 and abs(old[1] - old[2]) < 0.02:
        continue  # a grey accent's tints are greys: nothing to tell apart
    for c in c0:
        ss = [(1 - x) / (1 - b) for x, b in zip(c, old) if 1 - b > 0.05]
        s = ss[0] if ss else 0
        if not (0.02 < s <= 1.0001) or not all(abs(x - (1 - s * (1 - b))) < 0.006 for x, b in zip(c, old)):
            continue  # not the old accent or a tint of it
        if any(near(c, d) for d in c1):
            errors.append(f"with accent #{acc}, the old accent at {s:.0%} is still drawn")
        if not any(near([1 - s * (1 - b) for b in new], d) for d in c1):
            errors.append(f"the old accent at {s:.0%} did not become #{acc} at {s:.0%}")

# link text follows the accent
ca, cb = chars(base + "-7a1f1f"), chars(base + "-1f7a1f")
for i, (x0, y0, x1, y1) in enumerate(links(base + "-7a1f1f")):
    inside = lambda cs: {c for x, y, c in cs if x0 <= x <= x1 and y0 <= y <= y1}
    a, b = inside(ca), inside(cb)
    if not a:
        continue
    same = a & b
    for c in same:
        hexc = "#%02x%02x%02x" % tuple(round(v * 255) for v in c)
        if not any(all(abs(x - y) < 0.01 for x, y in zip(c, l)) for l in literal):
            errors.append(f"link {i + 1} on page 1 stays {hexc} whatever the accent")
for e in sorted(set(errors)):
    print(f"FAIL: {lay}: {e}")
sys.exit(1 if errors else 0)
PY
done
printf 'accent: %d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
