#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for
# SECONDS (default 600), one after the other, on a corpus seeded from data/,
# tests/ and layouts/.  Crashes land in fuzz/artifacts/TARGET-crash-*; the
# corpora grow in build-fuzz/corpus/TARGET/ and the full log of each run is
# build-fuzz/logs/TARGET.log (not committed).  Exit status 1 when a target
# found something.  Reproduce a finding: ./build-fuzz/TARGET ARTIFACT
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(fuzz_profile fuzz_markdown fuzz_layout fuzz_build fuzz_latex fuzz_kern fuzz_font fuzz_icon fuzz_image fuzz_variants)
cmake -S . -B build-fuzz -DFOLIO_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug > /dev/null || exit 2
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}" || exit 2
mkdir -p fuzz/artifacts build-fuzz/logs
status=0
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t; mkdir -p "$corpus"
  case $t in
    fuzz_layout) find layouts tests -name '*.yaml' -path '*layout*' -exec cp {} "$corpus/" \; ;;
    fuzz_markdown)
      i=0
      for s in '**bold** *it* `code` [l](https://x.org) <b>b</b><sup>1</sup> 2019. x' \
               '<a href="https://x.org">x</a> <script>y</script> <style>z</style> &amp; &#x1F600;' \
               'a  \nb\\\nc <br> <i>*mixed <u>tags*</u></i> [x](javascript:y) <https://x.org>' \
               '- not a list
# not a heading

second paragraph ![img](https://x.org/i.png) ~~strike~~'; do
        i=$((i + 1)); printf '%s' "$s" > "$corpus/seed$i"
      done ;;
    fuzz_kern) # the GPOS, GDEF, GSUB and kern tables of the bundled fonts, behind
      # the selector byte fuzz_kern.c reads first
      python3 - "$corpus" fonts/*.ttf << 'PY'
import struct, sys
out, fonts = sys.argv[1], sys.argv[2:]
for f in fonts:
    d = open(f, 'rb').read()
    for i in range(struct.unpack('>H', d[4:6])[0]):
        tag, _, off, n = struct.unpack('>4sIII', d[12 + 16 * i:28 + 16 * i])
        if tag in (b'GPOS', b'GDEF', b'GSUB', b'kern'):
            sel = (b'GPOS', b'GDEF', b'GSUB', b'kern').index(tag)
            name = f.split('/')[-1][:-4] + '-' + tag.decode()
            open(out + '/' + name, 'wb').write(bytes([sel]) + d[off:off + n])
PY
      ;;
    fuzz_font) # the bundled fonts cut down to the target's text (written by the
      # target itself at start-up, FUZZ_FONT_SEEDS below) and the regression corpus
      cp tests/fuzz-corpus/fuzz_font/*.tt[fc] "$corpus/" ;;
    fuzz_icon) # the icon fonts cut down to a few glyphs (written by the target,
      # FUZZ_FONT_SEEDS below) and the regression corpus (composites, a cmap)
      cp tests/fuzz-corpus/fuzz_icon/*.ttf "$corpus/" ;;
    fuzz_image) # the photo fixtures, each behind a box byte (fuzz_image.c): none,
      # the classic layout's 68 pt, and 2:3
      for f in tests/fixtures/*.jpg tests/fixtures/*.png; do
        for b in '\000' '\021' '\121'; do
          { printf "$b"; cat "$f"; } > "$corpus/$(basename "$f")-$(printf '%s' "$b" | tr -d '\\')"
        done
      done ;;
    fuzz_variants) # profiles behind a line of tailoring options (fuzz_variants.c)
      i=0
      for f in data/*.yaml tests/golden/err/*variant*.yaml tests/golden/err/*tag*.yaml tests/golden/err/set-*.yaml; do
        for o in '' '--set=name=Ada\t--only=industry' '--set=layout.colors.accent=#7a1f1f\t--except=academic' \
                 '--set=sections.0={title: X, entries: [y]}\t--variant=industry' '--set=sections.Education.title=[a, b'; do
          i=$((i + 1)); { printf '%b\n' "$o"; cat "$f"; } > "$corpus/seed$i"
        done
      done ;;
    *) find data tests -name '*.yaml' ! -path '*layout*' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
  esac
  # fuzz_build typesets and writes whole PDFs: a valid 4 MiB document takes
  # ~0.3 s in a Release build but can pass 5 s under ASan on a busy machine;
  # fuzz_latex checks such a 4 MiB .tex byte by byte (8 s under ASan).
  # fuzz_kern: a hostile GPOS can take a second to plan in this unoptimised
  # ASan build (4.5 ms in Release).
  unit_timeout=5; [ "$t" = fuzz_build ] || [ "$t" = fuzz_latex ] || [ "$t" = fuzz_kern ] || [ "$t" = fuzz_font ] && unit_timeout=30
  max_len=65536; [ "$t" = fuzz_kern ] && max_len=262144 # Noto's GPOS: ~100 KB
  dict=fuzz/folio.dict; [ "$t" = fuzz_font ] || [ "$t" = fuzz_icon ] && dict=fuzz/fuzz_font.dict
  [ "$t" = fuzz_image ] && dict=fuzz/fuzz_image.dict
  echo "== $t: ${secs}s, $(ls "$corpus" | wc -l) corpus files"
  FUZZ_FONT_SEEDS=$corpus ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} ./build-fuzz/"$t" -max_total_time="$secs" -dict="$dict" \
    -max_len="$max_len" -timeout="$unit_timeout" -rss_limit_mb=2048 -artifact_prefix=fuzz/artifacts/"$t"- \
    -print_final_stats=1 "$corpus" > build-fuzz/logs/"$t".log 2>&1
  st=$?
  tail -n 15 build-fuzz/logs/"$t".log
  echo "== $t: exit $st, $(ls "$corpus" | wc -l) corpus files, log build-fuzz/logs/$t.log"
  [ $st -eq 0 ] || status=1
done
exit $status
