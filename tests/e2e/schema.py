"""`folio schema`: the JSON Schemas are valid draft 2020-12 schemas; every
profile folio accepts (data/, tests/cvs/, `folio new`) and every shipped
layout (as a file, and as a profile's `layout:` overrides) validates; a set
of broken profiles and layouts is refused by the schema AND by `folio check`;
every key, field, word and network of the C tables (tests/tools/schema_keys)
is in the schema with a description.  YAML is read as an editor reads it
(YAML 1.2: `yes` and `2020-01-02` are strings).

usage: schema.py FOLIO SCHEMA_KEYS SRC TMPDIR
"""
import glob
import json
import os
import re
import subprocess
import sys

import yaml
from jsonschema import Draft202012Validator

FOLIO, SCHEMA_KEYS, SRC, TMP = sys.argv[1:5]
passed, fails = 0, []


def check(cond, msg):
    global passed
    if cond:
        passed += 1
    else:
        fails.append(msg)
        print("FAIL " + msg, flush=True)


class Yaml12(yaml.SafeLoader):
    """YAML 1.2's core schema (what yaml-language-server reads)."""


Yaml12.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12.add_implicit_resolver("tag:yaml.org,2002:" + tag, re.compile(regexp), list(first))


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12)


def folio(*args):
    return subprocess.run([FOLIO, *args], capture_output=True, text=True, timeout=120)


# ---- the schemas are schemas -------------------------------------------------------

profile_schema = json.loads(folio("schema").stdout)
layout_schema = json.loads(folio("schema", "layout").stdout)
for name, s in (("profile", profile_schema), ("layout", layout_schema)):
    try:
        Draft202012Validator.check_schema(s)
        check(True, "")
    except Exception as e:  # noqa: BLE001 (the message is the finding)
        check(False, f"the {name} schema is not a valid 2020-12 schema: {e}")
    check(s.get("$schema") == "https://json-schema.org/draft/2020-12/schema", f"{name}: $schema")
    check(bool(s.get("$id")) and bool(s.get("title")) and bool(s.get("description")),
          f"{name}: $id, title, description")
profile_v = Draft202012Validator(profile_schema)
layout_v = Draft202012Validator(layout_schema)


def errors(validator, data):
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(data)]


# ---- what folio accepts validates ----------------------------------------------------

profiles = sorted(glob.glob(os.path.join(SRC, "data", "*.yaml")) +
                  glob.glob(os.path.join(SRC, "tests", "cvs", "*.yaml")))
starter = os.path.join(TMP, "starter.yaml")
r = folio("new", starter, "-q")
check(r.returncode == 0, f"folio new: {r.stderr}")
profiles.append(starter)
accepted = 0
for p in profiles:
    if folio("check", p, "-q").returncode != 0:
        continue  # a held-out CV folio does not accept (yet) says nothing of the schema
    accepted += 1
    with open(p, encoding="utf-8") as f:
        e = errors(profile_v, load_yaml(f.read()))
    check(not e, f"{os.path.relpath(p, SRC)} passes folio check but not the schema: {e[:3]}")
check(accepted >= 8, f"only {accepted} profiles accepted by folio check")

layouts = sorted(glob.glob(os.path.join(SRC, "layouts", "*.yaml")))
check(len(layouts) >= 9, f"layouts: {layouts}")
base = {"name": "A Person", "sections": {"Skills": [{"label": "Tools", "items": ["C"]}]}}
for p in layouts:
    with open(p, encoding="utf-8") as f:
        data = load_yaml(f.read())
    e = errors(layout_v, data)
    check(not e, f"{os.path.basename(p)} fails the layout schema: {e[:3]}")
    e = errors(profile_v, dict(base, layout=data))
    check(not e, f"{os.path.basename(p)} as a profile's layout: overrides fails: {e[:3]}")

# ---- what folio refuses, the schema refuses --------------------------------------------

GOOD = """name: Ada Lovelace
email: ada@example.org
links:
  - {network: GitHub, username: ada}
  - {label: Phone, url: "tel:+441234567"}
layout: {extends: classic, colors: {accent: navy}}
variants:
  short: {only: [short], output: ada-short, set: {headline: Engineer}, layout: {colors: {accent: teal}}}
sections:
  - title: Education
    tags: [short]
    entries:
      - institution: University of London
        start: 2019-09
        end: present
        tags: [short, academic]
  - title: Talks
    kind: talk
    entries:
      - {title: Engines, date: 1843}
  - title: Languages
    entries:
      - {language: English, level: 5}
      - {language: French, level: 3/5}
"""
BROKEN = {  # what: (in the good profile, replaced by, a key or value the schema's error names)
    "unknown top-level key": ("name: Ada Lovelace\n", "name: Ada Lovelace\nheadlin: x\n", "headlin"),
    "unknown field in an entry": ("        end: present\n", "        end: present\n        degre: PhD\n",
                                  "degre"),
    "wrong type": ("name: Ada Lovelace", "name: [Ada, Lovelace]", "name"),
    "entries a mapping": ("      - {title: Engines, date: 1843}", "        title: Engines", "entries"),
    "missing required field": ("      - institution: University of London\n        start",
                               "      - start", "institution"),
    "missing name": ("name: Ada Lovelace\n", "", "name"),
    "missing sections": (GOOD[GOOD.index("sections:"):], "", "sections"),
    "bad month": ("start: 2019-09", "start: 2019-13", "2019-13"),
    "bad date shape": ("start: 2019-09", "start: 19-09", "19-09"),
    "date and start": ("        end: present\n", "        end: present\n        date: 2020\n",
                       "not"),  # the entry matches "not both"
    "start of a talk": ("date: 1843}", "date: 1843, start: 1842}", "start"),
    "start present": ("start: 2019-09", "start: Present", "Present"),
    "start a range": ("start: 2019-09", "start: 2019-2020", "2019-2020"),
    "bad email": ("email: ada@example.org", "email: ada at example.org", "ada at example.org"),
    "bad phone": ("email: ada@example.org", "email: ada@example.org\nphone: call me", "call me"),
    "unknown kind": ("kind: talk", "kind: talks-and-more", "talks-and-more"),
    "unknown network": ("network: GitHub", "network: Friendster", "Friendster"),
    "bad url": ('url: "tel:+441234567"', 'url: "javascript:alert(1)"', "javascript:alert(1)"),
    "bad level": ("level: 3/5", "level: 7", "level"),
    "bad level fraction": ("level: 3/5", "level: 6/5", "6/5"),
    "unknown layout key": ("colors: {accent: navy}", "colours: {accent: navy}", "colours"),
    "unknown nested layout key": ("colors: {accent: navy}", "colors: {accentt: navy}", "accentt"),
    "bad layout colour": ("accent: navy", "accent: octarine", "octarine"),
    "bad layout choice": ("colors: {accent: navy}", "header: {align: middle}", "middle"),
    "bad layout length": ("colors: {accent: navy}", "spacing: {entry-gap: 3px}", "3px"),
    "bad glue": ("colors: {accent: navy}", 'spacing: {entry-gap: "6pt plsu 2pt"}', "6pt plsu 2pt"),
    "bad shrink": ("colors: {accent: navy}", 'spacing: {shrink: "140%"}', "140%"),
    "unknown role": ("colors: {accent: navy}", "styles: {titel: {bold: true}}", "titel"),
    "bad layout bool": ("colors: {accent: navy}", "header: {icons: sometimes}", "sometimes"),
    "bad format token": ("colors: {accent: navy}", 'title: "%q"', "%q"),
    "unknown variant key": ("output: ada-short", "outptu: ada-short", "outptu"),
    "variant layout unknown key": ("layout: {colors: {accent: teal}}", "layout: {colours: {accent: teal}}",
                                   "colours"),
    "tags a mapping": ("tags: [short, academic]", "tags: {short: yes}", "tags"),
    "layout a list": ("layout: {extends: classic, colors: {accent: navy}}", "layout: [classic]", "layout"),
}
check(not errors(profile_v, load_yaml(GOOD)), f"the good profile fails: {errors(profile_v, load_yaml(GOOD))}")
good_path = os.path.join(TMP, "good.yaml")
with open(good_path, "w", encoding="utf-8") as f:
    f.write(GOOD)
r = folio("check", good_path)
check(r.returncode == 0, f"folio check refuses the good profile: {r.stderr}")
def leaves(errs):
    for e in errs:
        yield e
        yield from leaves(e.context or [])


def names(data, culprit):
    """Some error of the schema, or of a branch it tried, is at culprit (a key), about it
    (a value, an unknown or missing key), or by it (a keyword)."""
    return any(culprit in [str(x) for x in e.absolute_path] or e.validator == culprit
               or (not isinstance(e.instance, (dict, list)) and str(e.instance) == culprit)
               or (e.validator in ("additionalProperties", "required") and repr(culprit) in e.message)
               for e in leaves(profile_v.iter_errors(data)))


for what, (old, new, culprit) in BROKEN.items():
    check(old in GOOD, f"{what}: '{old}' is not in the good profile")
    text = GOOD.replace(old, new, 1)
    path = os.path.join(TMP, re.sub(r"\W+", "-", what) + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    e = errors(profile_v, load_yaml(text))
    check(bool(e), f"{what}: the schema accepts it")
    check(names(load_yaml(text), culprit), f"{what}: no error of the schema names {culprit!r}: {e[:2]}")
    # a variant's own layout and overrides are checked when variants are built
    r = folio("check", path, *(["--all-variants"] if what.startswith("variant") else []))
    check(r.returncode == 1 and ": error: " in r.stderr,
          f"{what}: folio check exits {r.returncode}: {r.stderr.strip()}")

# broken layout files: refused by the layout schema and by folio check -l
LAYOUT_OK = "extends: classic\ncolors: {accent: teal}\n"
LAYOUT_BROKEN = {
    "unknown key": "extends: classic\ncolour: {accent: teal}\n",
    "bad colour": "extends: classic\ncolors: {accent: '#12345'}\n",
    "bad page size": "extends: classic\npage: {size: B7}\n",
    "font family without a file map": "extends: classic\nfonts: {serif: NotoSerif-Regular.ttf}\n",
    "template body field of another kind": "extends: classic\ntemplates: {education: {body: [authors]}}\n",
    "title template without kind": "extends: classic\ntemplates: {Volunteering: {body: [summary]}}\n",
    "kind in a kind's template": "extends: classic\ntemplates: {education: {kind: education}}\n",
    "unknown row key": "extends: classic\ntemplates: {award: {rows: [{lefft: '{title}'}]}}\n",
    "twelve months": "extends: classic\ndates: {month-names: [Jan, Feb]}\n",
    "no fonts, no templates": "colors: {accent: teal}\n",
}
check(not errors(layout_v, load_yaml(LAYOUT_OK)), "the good layout fails the schema")
lay = os.path.join(TMP, "ok-layout.yaml")
with open(lay, "w", encoding="utf-8") as f:
    f.write(LAYOUT_OK)
r = folio("check", os.path.join(SRC, "data", "example.yaml"), "-l", lay)
check(r.returncode == 0, f"folio check refuses the good layout: {r.stderr}")
for what, text in LAYOUT_BROKEN.items():
    path = os.path.join(TMP, "layout-" + re.sub(r"\W+", "-", what) + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    check(bool(errors(layout_v, load_yaml(text))), f"layout {what}: the schema accepts it")
    r = folio("check", os.path.join(SRC, "data", "example.yaml"), "-l", path)
    check(r.returncode == 1 and ": error: " in r.stderr,
          f"layout {what}: folio check exits {r.returncode}: {r.stderr.strip()}")

# ---- every key of the tables is in the schema --------------------------------------------


def deref(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["$defs"][node["$ref"].split("/")[-1]] if not set(node) - {"$ref", "description"} \
            else dict({k: v for k, v in node.items() if k != "$ref"},
                      **schema["$defs"][node["$ref"].split("/")[-1]])
    return node


def branches(schema, node):
    """node and every subschema it is made of (refs, anyOf, allOf, then)."""
    out, todo = [], [node]
    while todo:
        n = deref(schema, todo.pop())
        if not isinstance(n, dict) or any(n is o for o in out):
            continue
        out.append(n)
        for k in ("anyOf", "allOf", "oneOf"):
            todo.extend(n.get(k, []))
        if "then" in n:
            todo.append(n["then"])
    return out


def child(schema, node, name):
    """The schemas a key name (or "*" any name, "[]" an item) has under node."""
    found = []
    for b in branches(schema, node):
        if name == "[]":
            if isinstance(b.get("items"), dict):
                found.append(b["items"])
        elif name == "*":  # a name of the layout's choice, or one of a set (roles, kinds)
            if isinstance(b.get("additionalProperties"), dict):
                found.append(b["additionalProperties"])
            found.extend(b.get("patternProperties", {}).values())
            found.extend(b.get("properties", {}).values())
        elif name in b.get("properties", {}):
            found.append(b["properties"][name])
    return found


def resolve(schema, root, path):
    """Every schema at a dotted path with "*" and "[]" ("templates.*.rows[].left")."""
    nodes = [root]
    for part in re.findall(r"\[\]|[^.\[]+", path):
        nodes = [c for n in nodes for c in child(schema, n, part)]
    return nodes


def described(schema, nodes):
    return any(isinstance(n, dict) and (n.get("description") or deref(schema, n).get("description"))
               for n in nodes)


def has_enum(schema, nodes, word):
    for n in nodes:
        for b in branches(schema, n):
            for cand in (b, b.get("items") or {}):
                if word in deref(schema, cand).get("enum", []) if isinstance(cand, dict) else False:
                    return True
            if isinstance(b.get("items"), dict) and any(word in x.get("enum", [])
                                                        for x in branches(schema, b["items"])):
                return True
    return False


keys = subprocess.run([SCHEMA_KEYS], capture_output=True, text=True, check=True).stdout.splitlines()
P, L = profile_schema, layout_schema
counted = {"profile": 0, "field": 0, "layout": 0, "word": 0, "network": 0}
for line in keys:
    w = line.split()
    counted[w[0]] += 1
    if w[0] == "profile":
        path = w[1]
        if path.startswith("entry.") and "[]" in path:
            field, rest = path[6:].split("[]", 1)
            roots = [d["properties"][field] for k, d in P["$defs"].items()
                     if k.startswith("entry.") and field in d.get("properties", {})]
            nodes = [n for r in roots for n in resolve(P, {"anyOf": [r]}, "[]" + rest)]
        elif path.startswith("entry."):  # beside the fields of every entry (tags)
            field = path[6:]
            entries = {k: d for k, d in P["$defs"].items() if k.startswith("entry.")}
            props = [b.get("properties", {}) for d in entries.values() for b in [d] + d.get("anyOf", [])]
            with_field = [d for d in entries.values()
                          if any(field in b.get("properties", {}) for b in [d] + d.get("anyOf", []))]
            check(len(with_field) == len(entries), f"profile key {path}: not in every entry kind")
            nodes = [pr[field] for pr in props if field in pr]
        else:
            nodes = resolve(P, P, path)
        check(bool(nodes), f"profile key {path} is not in the profile schema")
        check(described(P, nodes), f"profile key {path} has no description")
        req_parent = path.rsplit(".", 1)[0] if "." in path else ""
        name = path.rsplit(".", 1)[-1]
    elif w[0] == "field":
        kind, name, typ, maxb, req = w[1:]
        d = P["$defs"].get(f"entry.{kind}")
        check(d is not None, f"no entry.{kind} in the profile schema")
        if d is None:
            continue
        if "properties" in d:
            check(name in d["properties"], f"field {kind}.{name} is not in the schema")
            check(d["properties"].get(name, {}).get("description"), f"field {kind}.{name}: no description")
            check((name in d.get("required", [])) == (req == "required"),
                  f"field {kind}.{name}: required is not {req}")
            check(d.get("additionalProperties") is False, f"entry.{kind} takes unknown fields")
            text = json.dumps(d["properties"].get(name, {}))
            check(f'"maxLength": {maxb}' in text, f"field {kind}.{name}: no maxLength {maxb}")
        else:  # plain kinds: a string, or {text, tags}
            check(any(b.get("maxLength") == int(maxb) for b in d.get("anyOf", [])),
                  f"entry.{kind}: maxLength")
    elif w[0] == "layout":
        path, typ = w[1], w[2]
        nodes = resolve(L, L, path)
        check(bool(nodes), f"layout key {path} is not in the layout schema")
        check(bool(resolve(P, P["$defs"]["layout"], path)), f"layout key {path} is not in the profile's layout")
        check(described(L, nodes), f"layout key {path} has no description")
        if typ == "CHOICE":
            check(any("enum" in json.dumps(deref(L, n)) or "$ref" in json.dumps(n) for n in nodes),
                  f"layout choice {path} has no enum")
    elif w[0] == "word":
        path, word = w[1], w[2]
        nodes = resolve(L, L, path)
        if path in ("styles", "sidebar.styles"):  # role names: the names its "*" takes
            check(any(word in deref(L, n).get("properties", {}) for n in nodes),
                  f"role {word} is not a key of {path}")
        elif any(x[1] == path and x[2] == "FORMAT" for x in (k.split() for k in keys if k.startswith("layout "))):
            check(any(re.escape(word) in json.dumps(n) or word in json.dumps(n) for n in nodes),
                  f"token {word} of {path} is not in its pattern")
        else:
            check(has_enum(L, nodes, word), f"word {word} of {path} is not in its enum")
    elif w[0] == "network":
        check(w[1].replace("_", " ") in P["$defs"]["network"]["anyOf"][0]["enum"],
              f"network {w[1]} is not in the schema")
for k, n in counted.items():
    check(n > 0, f"schema_keys printed no {k} line")
check(P.get("additionalProperties") is False and set(P.get("required", [])) == {"name", "sections"},
      "the profile's top level: required and additionalProperties")

print(f"schema: {passed} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)
