#!/usr/bin/env bash
# Diagnostics never pass control characters through (issue 10, finding 7).
# Layout and profile values, file names and command-line arguments holding
# ESC[2J, BEL, CR, LF, a C1 CSI, a bidi override and a forged
# "x.yaml:1:1: error: forged" line go through check and build; every stderr
# line must start with a real position or "folio:", the forged text must
# stay inside its own line, and no control byte, C1 control, invalid UTF-8,
# bidi or other format character, default-ignorable code point or
# noncharacter may reach stderr.  Every code point goes through a message
# once, checked against perl's Unicode database.  `folio layouts` escapes the
# names and descriptions it lists the same way.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# The payload as a YAML double-quoted escape sequence (the file stays ASCII).
payload='x\e[2J\a\r\nx.yaml:1:1: error: forged\x9b\u202e\u2028y'
raw=$'x\e[2J\a\r\nx.yaml:1:1: error: forged'

# True if file holds no C0 (but the line ends), DEL, C1 (raw or UTF-8),
# invalid UTF-8, format character, separator, default-ignorable or noncharacter.
no_raw() {
  perl -ne '
    chomp; $bad = 1 if /[\x00-\x1f\x7f]/;
    $bad = 1 unless utf8::decode($_);
    $bad = 1 if /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/;
    END { exit($bad ? 1 : 0) }' "$1"
}

# stderr of one run must be clean; $1 names the case, the rest is the command.
clean() { # name want-status cmd...
  local name=$1 want=$2; shift 2
  (cd "$tmp" && "$@") > /dev/null 2> "$tmp/err"
  local st=$? problems=""
  [ "$st" -eq "$want" ] || problems+="exit $st, want $want; "
  [ -s "$tmp/err" ] || problems+="no message; "
  # every line: FILE:LINE:COL: level:, FILE: level:, or folio: level:
  if grep -avE '^([^ :]+:[0-9]+:[0-9]+|[^ :]+|folio): (error|warning|note): ' "$tmp/err" | grep -aq .; then
    problems+="a line without a position: $(grep -avE '^([^ :]+:[0-9]+:[0-9]+|[^ :]+|folio): (error|warning|note): ' "$tmp/err" | head -1 | cat -v); "
  fi
  grep -aq '^x\.yaml:1:1: error: forged' "$tmp/err" && problems+="forged line printed; "
  no_raw "$tmp/err" || problems+="raw control bytes: $(cat -v "$tmp/err" | head -3); "
  if [ -n "$problems" ]; then bad "$name: $problems"; else ok; fi
}

printf 'name: Ada\nsections:\n  - title: T\n    kind: bullet\n    entries: [a]\n' > "$tmp/plain.yaml"

# a layout file value
printf 'extends: classic\npage:\n  margins: "%s"\n' "$payload" > "$tmp/evil-layout.yaml"
clean "layout value (check)" 1 "$FOLIO" check -l evil-layout.yaml plain.yaml
clean "layout value (build)" 1 "$FOLIO" build -l evil-layout.yaml -o out.pdf plain.yaml

# the same through the profile's own layout overrides, and a font family name
cat > "$tmp/evil-profile.yaml" << EOF
name: Ada
layout:
  page:
    margins: "$payload"
  styles:
    body: {font: "$payload"}
sections:
  - title: T
    kind: bullet
    entries: [a]
EOF
clean "profile layout override (check)" 1 "$FOLIO" check evil-profile.yaml
clean "profile layout override (build)" 1 "$FOLIO" build -o out.pdf evil-profile.yaml

# profile values and keys: photo path, an unknown key
cat > "$tmp/evil-values.yaml" << EOF
name: Ada
photo: "$payload"
"$payload": 1
sections:
  - title: "$payload"
    entries:
      - organization: X
        $payload: y
EOF
clean "profile values (check)" 1 "$FOLIO" check evil-values.yaml
clean "profile values (build)" 1 "$FOLIO" build -o out.pdf evil-values.yaml

# a file name that holds the forged line, and a -l argument holding it
cp "$tmp/plain.yaml" "$tmp/$raw.yaml" 2> /dev/null && printf 'name: [\n' > "$tmp/$raw.yaml"
if [ -f "$tmp/$raw.yaml" ]; then
  clean "profile file name" 1 "$FOLIO" check "$raw.yaml"
fi
clean "missing profile named with controls" 3 "$FOLIO" check "$raw-missing.yaml"
clean "-l argument" 2 "$FOLIO" check -l "$raw" plain.yaml
clean "unknown option" 2 "$FOLIO" build plain.yaml "--$raw"
clean "unknown command" 2 "$FOLIO" "$raw"
clean "-o naming a missing directory" 3 "$FOLIO" build -o "$raw/x.pdf" plain.yaml

# `folio layouts` prints names (file names) and descriptions (file text): one
# line each, escaped like messages
mkdir -p "$tmp/data/layouts"
printf 'description: d\033[2J\a\r\302\233\342\200\256\342\200\213\357\273\277\363\240\200\201 end\nextends: classic\n' \
  > "$tmp/data/layouts/$raw.yaml"
printf 'description: forged\033[A\rclassic      a layout\n' > "$tmp/data/layouts/zz.yaml"
FOLIO_DATA_DIR_ONLY=1 "$FOLIO" layouts --data-dir "$tmp/data" > "$tmp/layouts.out" 2> "$tmp/err"
st=$?
want=$(printf '%s\n' 'x\x1b[2J\x07\r\nx.yaml:1:1: error: forged d\x1b[2J\x07\r\u009b\u202e\u200b\ufeff\U000e0001 end' \
  'zz           forged\x1b[A\rclassic      a layout')
if [ $st -eq 0 ] && no_raw "$tmp/layouts.out" && [ "$(cat "$tmp/layouts.out")" = "$want" ]; then ok
else bad "layouts: exit $st: $(cat -v "$tmp/layouts.out")"; fi

# every code point from U+0080 up, through one message (an unknown command
# of 20000 code points at a time, space-separated): each is shown as itself
# or, exactly when perl's Unicode database (14.0) calls it Cc, Cf, Zl, Zp,
# Default_Ignorable_Code_Point or Noncharacter_Code_Point, as \uNNNN or
# \UNNNNNNNN (and U+13439-U+1343F, format characters since Unicode 15.0)
perl -CSA -e '
  use strict; use warnings;
  my ($folio, $tmp) = @ARGV; my $bad = 0; my $checked = 0;
  my @cps = grep { $_ < 0xD800 || $_ > 0xDFFF } 0x80 .. 0x10FFFF;
  while (my @chunk = splice(@cps, 0, 20000)) {
    my $arg = join(" ", map { chr } @chunk); utf8::encode($arg);
    my $pid = fork() // die;
    if (!$pid) { open(STDERR, ">", "$tmp/sweep") or die; exec($folio, $arg) or exit 99; }
    waitpid($pid, 0);
    open(my $fh, "<:encoding(UTF-8)", "$tmp/sweep") or die;
    my $line = <$fh>; close $fh;
    if (!defined $line || $line !~ /^folio: error: unknown command \x27(.*)\x27 \(build/) {
      print "FAIL: sweep from U+", sprintf("%04X", $chunk[0]), ": ", substr($line // "(none)", 0, 80), "\n"; $bad++; next;
    }
    my @got = split / /, $1, -1;
    if (@got != @chunk) { print "FAIL: sweep from U+", sprintf("%04X", $chunk[0]), ": ", scalar(@got), " items\n"; $bad++; next; }
    for my $i (0 .. $#chunk) {
      my $cp = $chunk[$i]; my $c = chr($cp);
      my $esc = $c =~ /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/
                || ($cp >= 0x13439 && $cp <= 0x1343F);
      my $want = !$esc ? $c : $cp > 0xFFFF ? sprintf("\\U%08x", $cp) : sprintf("\\u%04x", $cp);
      $checked++;
      if ($got[$i] ne $want) {
        printf "FAIL: U+%04X shown as %s, want %s\n", $cp, join("", map { sprintf("<%x>", ord) } split //, $got[$i]), $esc ? $want : "itself";
        last if ++$bad > 20;
      }
    }
  }
  print "sweep: $checked code points\n";
  exit($bad ? 1 : 0);' "$FOLIO" "$tmp" && ok || bad "code point sweep"

# folio's own message formats hold no control character: a message is one
# line, two lines are two cv_msg calls (\xE2\x80\x9E, UTF-8 of a visible
# character, is fine)
found=$(cat "$SRC"/src/*.c "$SRC"/src/*/*.c | perl -0777 -ne '
  while (/\bcv_msg\s*\(\s*CV_[A-Z]+\s*,[^;]*?"[a-z0-9-]+"\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)/g) {
    my $f = $1; print "$f\n" if $f =~ /\\[nrtvfabe0-7]|\\x[01][0-9a-fA-F]|\\x7[fF]/;
  }')
[ -z "$found" ] && ok || bad "message formats with control characters: $found"

echo "msg_escape: $pass passed, $fail failed"
[ $fail -eq 0 ]
