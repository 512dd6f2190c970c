#!/usr/bin/env python3
"""Check gazetteer files against the format described in gazetteers/README.md.

Usage: python3 gazetteers/tools/lint.py [FILE...]
With no arguments, checks every file named in gazetteers/default.list
(except *.rules files). Exits 1 if any error is found.
"""
import os
import sys
import unicodedata

COLUMNS = {"name", "type", "id", "aliases", "attrs"}
TYPES = {"PERSON", "ORG", "LOC", "DEMONYM", "TITLE", "TITLE_MOD", "FIRST_NAME",
         "SURNAME_PARTICLE", "HONORIFIC", "CUE", "GROUP", "ORG_NOUN", "PRONOUN", "ORG_SUFFIX",
         "ORG_HEAD", "ABBREV", "COMMON"}
KEYS = {"gender", "number", "country", "org", "kind", "role", "listener", "lemma",
        "weak", "ambiguous", "drop", "order", "note", "party", "state", "region"}
VALUES = {"gender": {"m", "f", "u", "n"}, "number": {"sg", "pl"},
          "role": {"verb", "prep", "noun"}, "listener": {"yes", "no"},
          "weak": {"yes", "no"}, "ambiguous": {"yes", "no"}, "drop": {"yes", "no"},
          "order": {"family-first", "given-first"}}
REQUIRED_HEADERS = ("# title:", "# source:", "# licence:")


def fold(s):
    """Fold as the matcher does: diacritics removed, hyphen == space."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("-", " ")


def lint(path, seen_ids, errors, loc_ids, org_ids, refs):
    def err(lineno, msg):
        errors.append(f"{path}:{lineno}: {msg}")

    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(0, f"not UTF-8: {e}")
        return 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    comments = [l for l in lines if l.startswith("#")]
    for h in REQUIRED_HEADERS:
        if not any(c.startswith(h) for c in comments):
            err(1, f"missing provenance comment '{h}'")
    header = None
    n = 0
    local_ids = set()
    for i, line in enumerate(lines, 1):
        if line.startswith("#") or line.strip() == "":
            continue
        if "\r" in line:
            err(i, "carriage return")
        if line != line.rstrip(" ") or line != line.lstrip(" "):
            err(i, "leading/trailing space")
        fields = line.split("\t")
        if header is None:
            header = fields
            bad = [c for c in header if c not in COLUMNS]
            if bad or "name" not in header or "type" not in header:
                err(i, f"bad header {header}")
                return 0
            if len(set(header)) != len(header):
                err(i, "duplicate column in header")
            continue
        if len(fields) != len(header):
            err(i, f"{len(fields)} fields, header has {len(header)}")
            continue
        row = dict(zip(header, fields))
        n += 1
        name, typ = row["name"], row["type"]
        if not name:
            err(i, "empty name")
        if typ not in TYPES:
            err(i, f"unknown type {typ!r}")
        for k, v in row.items():
            if v != v.strip():
                err(i, f"space around field {k}")
        forms = [name] + ([a for a in row.get("aliases", "").split("|")] if row.get("aliases") else [])
        if any(f.strip() == "" or f != f.strip() for f in forms):
            err(i, f"empty or padded name/alias in {forms}")
        if len(set(forms)) != len(forms):
            err(i, f"name/alias repeated: {forms}")
        else:
            folded = [fold(f) for f in forms]
            if len(set(folded)) != len(folded):
                err(i, f"name/alias variants differ only in diacritics/hyphens: {forms}")
        ident = row.get("id", "")
        attrs = {}
        if row.get("attrs"):
            for kv in row["attrs"].split(";"):
                if "=" not in kv:
                    err(i, f"attr without '=': {kv!r}")
                    continue
                k, v = kv.split("=", 1)
                if k in attrs:
                    err(i, f"attr {k} repeated")
                attrs[k] = v
                if k not in KEYS:
                    err(i, f"unknown attr key {k!r}")
                if k in VALUES and v not in VALUES[k]:
                    err(i, f"bad value {k}={v}")
                if k == "country":
                    refs.append((path, i, "LOC", v))
                if k == "org":
                    refs.append((path, i, "ORG", v))
        if ident:
            key = (typ, ident)
            if key in local_ids:
                err(i, f"duplicate (type,id) {key} in file")
            elif key in seen_ids and attrs.get("drop") != "yes":
                # allowed across files only as an extension; report for info
                pass
            local_ids.add(key)
            seen_ids.add(key)
            if ident.startswith("Q") and not ident[1:].isdigit():
                err(i, f"malformed Q-id {ident}")
            if typ == "LOC":
                loc_ids.add(ident)
            if typ == "ORG":
                org_ids.add(ident)
    if header is None:
        err(0, "no header line")
    return n


def main(argv):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = argv[1:]
    check_refs = not files
    if not files:
        with open(os.path.join(here, "default.list"), encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line and not line.endswith(".rules"):
                    files.append(os.path.join(here, line))
    errors, seen, loc_ids, org_ids, refs = [], set(), set(), set(), []
    for p in files:
        n = lint(p, seen, errors, loc_ids, org_ids, refs)
        print(f"{os.path.basename(p)}: {n} entries")
    for path, i, typ, v in (refs if check_refs else []):
        pool = loc_ids if typ == "LOC" else org_ids
        if v not in pool:
            errors.append(f"{path}:{i}: reference to unknown {typ} id {v!r}")
    for e in errors[:200]:
        print(e)
    if errors:
        print(f"{len(errors)} error(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
