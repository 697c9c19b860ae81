#!/usr/bin/env bash
# The shipped example profile, composed with the default layout and dumped as
# a tree: everything from the researcher's own part of the homepage is there
# (titles, every author, venues, links, education, experience), the owner is
# marked, and nothing of the homepage template's sample sections leaked in.
# Also: two runs give the same bytes, and data/long.yaml composes cleanly.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

tree="$tmp/example.tree"
if ! "$FOLIO" build -f tree -o - "$SRC/data/example.yaml" > "$tree" 2> "$tmp/err"; then
  bad "folio build -f tree data/example.yaml failed:"; cat "$tmp/err"
  echo "tree_data: $pass passed, $fail failed"; exit 1
fi
[ -s "$tmp/err" ] && bad "data/example.yaml gives diagnostics: $(cat "$tmp/err")" || ok

has() { # text...: each must occur (case-insensitive: layouts may change case)
  local s
  for s in "$@"; do grep -qiF -- "$s" "$tree" && ok || bad "missing from the tree: $s"; done
}
lacks() {
  local s
  for s in "$@"; do grep -qiF -- "$s" "$tree" && bad "template leftover in the tree: $s" || ok; done
}

# Papers: titles, venues, every author.
has "Real-Time Video Generation with Pyramid Attention Broadcast" \
    "DSP: Dynamic Sequence Parallelism for Multi-Dimensional Transformers" \
    "AutoChunk: Automated Activation Chunk for Memory-Efficient Long Sequence Inference" \
    "HeteGen: Heterogeneous Parallel Inference for Large Language Models on Resource-Constrained Devices" \
    "FastFold: Optimizing AlphaFold Training and Inference on GPU Clusters"
has ICLR ICML MLSys PPoPP 2025 2024
has "Xuanlei Zhao" "Xiaolong Jin" "Kai Wang" "Yang You" "Shenggan Cheng" "Chang Chen" \
    "Zangwei Zheng" "Ziming Liu" "Zheming Yang" "Guangyang Lu" "Jiarui Fang" "Haotian Zhou" \
    "Bin Jia" "Tian Zheng" "Ruidong Wu" "Xiwen Zhang" "Jian Peng"
# Links, verbatim (as link targets).
has "<https://arxiv.org/abs/2408.1258>" "<https://github.com/NUS-HPC-AI-Lab/VideoSys>" \
    "<https://oahzxl.github.io/PAB/>" "<https://arxiv.org/abs/2403.10266>" \
    "<https://arxiv.org/abs/2401.10652>" \
    "<https://github.com/hpcaitech/ColossalAI/tree/main/colossalai/autochunk>" \
    "<https://arxiv.org/abs/2403.01164>" "<https://dl.acm.org/doi/10.1145/3627535.3638465>" \
    "<https://github.com/hpcaitech/FastFold>" "I5NBOacAAAAJ"
# Education and experience from the bio.
has "National University of Singapore" "Huazhong University of Science and Technology" \
    "Adobe" "Pika" "Colossal-AI" "Yan Kang" "Chenlin Meng" \
    "efficient and scalable machine learning"
# Section per publication group, in page order.
n=$(grep -c '^  section kind=publication' "$tree")
[ "$n" -eq 3 ] && ok || bad "want 3 publication sections, got $n"
order=$(grep '^  section' "$tree" | grep -oiE 'Efficient (Video Generation|Memory Cost|AI for Science)' | tr 'a-z' 'A-Z' | tr '\n' '|')
[ "$order" = "EFFICIENT VIDEO GENERATION|EFFICIENT MEMORY COST|EFFICIENT AI FOR SCIENCE|" ] && ok \
  || bad "publication groups out of order: $order"
# Five papers, the owner marked in each author line, equal marks superscript.
n=$(grep -c '^    entry kind=publication' "$tree")
[ "$n" -eq 5 ] && ok || bad "want 5 publication entries, got $n"
n=$(grep -oE '\[[a-z,]+\]"Xuanlei Zhao"' "$tree" | grep -cE '[[,](b|u)[],]')
[ "$n" -ge 5 ] && ok || bad "owner not marked (bold or underlined) in every author list ($n)"
grep -qF '[sup]"*"' "$tree" && ok || bad "no superscript equal-contribution mark"
# No dates were invented (the bio gives none).
n=$(awk '/^    entry kind=/ { k = $2 } /^  section/ { k = "" }
         (k == "kind=education" || k == "kind=experience") && /role=entry.date/ { n++ }
         END { print n + 0 }' "$tree")
[ "$n" -eq 0 ] && ok || bad "education/experience show $n date cells the page does not give"

lacks "Yi Ren" TikTok DiffSinger Zhejiang "Tencent Scholarship" Luqiao Alibaba Bilibili Huawei \
      EnjoyMusic YiWise MSRA NetEase DashBase Cisco Baidu ByteDance "Chu Kochen" Hangzhou \
      Taizhou "ACL 2023" "Spoken Video Grounding" "Video Domain Adaptation" "Tianzhou" \
      "National Scholarship" "MLNLP" "acad-homepage"

# Deterministic: a second run gives the same bytes.
"$FOLIO" build -f tree -o - "$SRC/data/example.yaml" > "$tmp/again" 2> /dev/null
cmp -s "$tree" "$tmp/again" && ok || bad "two tree dumps differ"

# Positions only on request.
grep -qE ' @[0-9]+:[0-9]+' "$tree" && bad "positions in a default dump" || ok
FOLIO_TREE_POS=1 "$FOLIO" build -f tree -o - "$SRC/data/example.yaml" > "$tmp/pos" 2> /dev/null
grep -qE '^    entry kind=publication @[0-9]+:[0-9]+$' "$tmp/pos" && ok || bad "FOLIO_TREE_POS=1 shows no positions"
[ "$(sed -E 's/ @[0-9]+:[0-9]+//' "$tmp/pos")" = "$(cat "$tree")" ] && ok \
  || bad "FOLIO_TREE_POS=1 changes more than the positions"

# The long profile composes without diagnostics.
if "$FOLIO" build -f tree -o - "$SRC/data/long.yaml" > "$tmp/long.tree" 2> "$tmp/err"; then
  ok
  [ -s "$tmp/err" ] && bad "data/long.yaml gives diagnostics: $(cat "$tmp/err")" || ok
  n=$(grep -c '^    entry kind=publication' "$tmp/long.tree")
  [ "$n" -ge 25 ] && ok || bad "long.yaml: want >= 25 publications, got $n"
else
  bad "folio build -f tree data/long.yaml failed"; cat "$tmp/err"
fi

echo "tree_data: $pass passed, $fail failed"
[ $fail -eq 0 ]
