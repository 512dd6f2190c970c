#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test-cli.py - the contract of the whosaid program (docs/cli.md).
#
# Run as: python3 tests/cli/test-cli.py path/to/whosaid
#
# Checks what the program promises about its input and output: one output
# line per JSON Lines input line, error records with the right id, line
# and code, order kept across threads, "meta" carried, exit statuses,
# gzip, stdin, directories, help. It never looks at what the library
# extracts (entities, quotes): the golden tests do that. Python 3 standard
# library only; every input is a fixture in tests/cli/fixtures or made
# here in a temporary directory.

import gzip
import json
import os
import select
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
WHOSAID = None
TMP = None
failures = []


def run(args, stdin=None, ok_codes=None, env=None):
    """Runs whosaid with args; returns (status, stdout bytes, stderr str)."""
    p = subprocess.run([WHOSAID] + args, input=stdin, capture_output=True,
                       timeout=240, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def lines_of(out):
    """Output bytes -> list of parsed JSON objects, one a line."""
    text = out.decode("utf-8")
    assert text.endswith("\n") or text == "", "output does not end in \\n"
    return [json.loads(line) for line in text.splitlines()]


def tmp(name, data):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)
    return path


def fixture(name):
    return os.path.join(FIXTURES, name)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def is_error(obj, code, line=None, ident="any"):
    check("error" in obj, "expected an error record, got %r" % (obj,))
    check(obj["error"]["code"] == code,
          "expected code %s, got %r" % (code, obj["error"]))
    check(isinstance(obj["error"]["message"], str)
          and obj["error"]["message"], "error message empty")
    if line is not None:
        check(obj.get("line") == line,
              "expected line %d, got %r" % (line, obj.get("line")))
    if ident != "any":
        check(obj.get("id") == ident,
              "expected id %r, got %r" % (ident, obj.get("id")))


def is_result(obj, ident):
    check("error" not in obj, "unexpected error record %r" % (obj,))
    check(obj.get("id") == ident,
          "expected id %r, got %r" % (ident, obj.get("id")))
    # The first member is always "id": it is spliced in front.
    check(next(iter(obj)) == "id", "id is not the first member")


# ---- the tests ------------------------------------------------------------

def test_help_and_version():
    for args in (["--help"], ["help"], ["-h"]):
        st, out, _ = run(args)
        check(st == 0, "%s exit %d" % (args, st))
        check(b"extract" in out and b"Example" in out,
              "%s does not teach extract" % args)
    st, out, _ = run(["extract", "--help"])
    check(st == 0 and b"--jsonl" in out and b"--gazetteer" in out,
          "extract --help")
    st, out, _ = run(["gazetteer", "check", "--help"])
    check(st == 0 and b"file:line" in out, "gazetteer check --help")
    st, out, _ = run(["--version"])
    check(st == 0 and re.match(rb"^whosaid \d+\.\d+\.\d+\n$", out),
          "--version printed %r" % out)


def test_usage_errors():
    st, out, err = run(["extract", "--no-such-option", fixture("harbour.txt")])
    check(st == 2, "unknown option exit %d" % st)
    check("unknown option '--no-such-option'" in err, "message: %r" % err)
    check("whosaid extract --help" in err, "no pointer to help: %r" % err)
    check(out == b"", "unknown option printed output")
    st, _, err = run(["extract", "--no-such=3"])
    check(st == 2 and "'--no-such'" in err, "unknown option with value")
    st, _, err = run(["extract", "-j"])
    check(st == 2 and "-j" in err, "missing value exit %d" % st)
    st, _, err = run(["extract", "-j", "zero"])
    check(st == 2, "bad -j exit %d" % st)
    st, _, err = run(["frobnicate"])
    check(st == 2 and "frobnicate" in err, "unknown command exit %d" % st)
    st, _, _ = run([])
    check(st == 2, "no command exit %d" % st)


def test_plain_files():
    st, out, _ = run(["extract", "-j", "2", fixture("harbour.txt"),
                      fixture("council.txt")])
    check(st == 0, "exit %d" % st)
    objs = lines_of(out)
    check(len(objs) == 2, "expected 2 lines, got %d" % len(objs))
    is_result(objs[0], fixture("harbour.txt"))
    is_result(objs[1], fixture("council.txt"))


def test_jsonl_bad_lines():
    big_pad = "x" * (5 * 1024 * 1024)
    huge = json.dumps({"id": "huge", "text": "The mayor said little.",
                       "padding": big_pad})
    rows = [
        json.dumps({"id": "ok-1", "text": "The minister said it was done."}),
        '{"id": "broken", "text": "never closed',            # 2: bad JSON
        json.dumps({"id": "no-text", "title": "Headline"}),  # 3: no text
        b'{"id": "bad-utf8", "text": "caf\xe9 au lait"}',    # 4: not UTF-8
        "",                                                  # 5: empty
        huge,                                                # 6: 5 MB
        json.dumps({"id": 7, "text": 42}),                   # 7: text number
        "[1, 2, 3]",                                         # 8: not object
        json.dumps({"id": "ok-9", "text": "\"Yes,\" she said."}),
    ]
    data = b"\n".join(r if isinstance(r, bytes) else r.encode()
                      for r in rows) + b"\n"
    path = tmp("mixed.jsonl", data)

    st, out, err = run(["extract", "-j", "3", path])
    check(st == 1, "exit %d, expected 1 (stderr %r)" % (st, err))
    objs = lines_of(out)
    check(len(objs) == len(rows),
          "%d output lines for %d input lines" % (len(objs), len(rows)))
    is_result(objs[0], "ok-1")
    is_error(objs[1], "JSON", line=2, ident=None)
    is_error(objs[2], "NOTEXT", line=3, ident="no-text")
    is_error(objs[3], "UTF8", line=4, ident=None)
    is_error(objs[4], "EMPTY", line=5, ident=None)
    is_result(objs[5], "huge")
    check(objs[5]["meta"] == {"padding": big_pad}, "huge meta not carried")
    is_error(objs[6], "NOTEXT", line=7, ident=7)
    is_error(objs[7], "NOTOBJECT", line=8, ident=None)
    is_result(objs[8], "ok-9")

    # Past --max-line-bytes the huge line is one LIMIT record, not two
    # records and not a truncated one; the lines after it are unharmed.
    st, out, _ = run(["extract", "--max-line-bytes", "1M", path])
    check(st == 1, "limit run exit %d" % st)
    objs = lines_of(out)
    check(len(objs) == len(rows), "limit run: %d lines" % len(objs))
    is_error(objs[5], "LIMIT", line=6, ident=None)
    is_result(objs[8], "ok-9")


def test_jsonl_no_final_newline_and_crlf():
    path = tmp("crlf.jsonl", b'{"id":"a","text":"One."}\r\n'
               b'{"id":"b","text":"Two."}')
    st, out, _ = run(["extract", path])
    check(st == 0, "exit %d" % st)
    objs = lines_of(out)
    check([o["id"] for o in objs] == ["a", "b"], "ids %r" % objs)


def test_order_with_threads():
    n = 500
    rows = []
    for i in range(n):
        # Texts of very different lengths, so workers finish out of order.
        text = "The spokesman said the plan was sound. " * (1 + (i * 37) % 40)
        rows.append(json.dumps({"id": "rec-%03d" % i, "text": text}))
    path = tmp("order.jsonl", "\n".join(rows) + "\n")
    st, out, err = run(["extract", "-j", "4", path])
    check(st == 0, "exit %d: %s" % (st, err))
    ids = [o["id"] for o in lines_of(out)]
    check(ids == ["rec-%03d" % i for i in range(n)], "order not kept")


def test_meta_and_ids():
    st, out, _ = run(["extract", fixture("records.jsonl")])
    check(st == 0, "exit %d" % st)
    objs = lines_of(out)
    check(len(objs) == 3, "3 lines expected")
    is_result(objs[0], "wire-001")
    check(objs[0]["meta"] == {"source": "Coast Wire",
                              "published": "2024-03-08"}, "meta 0")
    check(list(objs[0]["meta"]) == ["source", "published"], "meta order")
    is_result(objs[1], 2)
    check(objs[1]["meta"] == {"tags": ["health", "local"], "score": 0.75},
          "meta 1")
    is_result(objs[2], None)
    check("meta" not in objs[2], "meta present with no extra fields")
    check("text" not in objs[0], "text copied without --include-text")

    # Ids are copied as written: no rounding of big numbers.
    path = tmp("bigid.jsonl", '{"id": 123456789012345678901, "text": "Hi."}\n')
    st, out, _ = run(["extract", path])
    check(st == 0 and out.startswith(b'{"id":123456789012345678901,'),
          "big id changed: %r" % out[:60])


def test_include_text_and_pretty():
    st, out, _ = run(["extract", "--include-text", fixture("harbour.txt")])
    check(st == 0, "exit %d" % st)
    obj = lines_of(out)[0]
    with open(fixture("harbour.txt")) as f:
        check(obj.get("text") == f.read(), "--include-text")
    st, out, _ = run(["extract", "--pretty", fixture("records.jsonl")])
    check(st == 0, "pretty exit %d" % st)
    text = out.decode()
    check("\n  \"id\": " in text, "--pretty does not indent")
    dec = json.JSONDecoder()
    pos, ids = 0, []
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            break
        obj, pos = dec.raw_decode(text, pos)
        ids.append(obj["id"])
    check(ids == ["wire-001", 2, None], "--pretty ids %r" % ids)


def test_stdin():
    with open(fixture("council.txt"), "rb") as f:
        article = f.read()
    st, out, _ = run(["extract"], stdin=article)
    check(st == 0, "stdin exit %d" % st)
    objs = lines_of(out)
    check(len(objs) == 1, "stdin lines")
    is_result(objs[0], "-")
    st, out, _ = run(["extract", "-"], stdin=article)
    check(st == 0 and lines_of(out)[0]["id"] == "-", "explicit -")
    with open(fixture("records.jsonl"), "rb") as f:
        st, out, _ = run(["extract", "--jsonl"], stdin=f.read())
    check(st == 0, "--jsonl stdin exit %d" % st)
    check([o["id"] for o in lines_of(out)] == ["wire-001", 2, None],
          "--jsonl stdin ids")


def test_gzip():
    with open(fixture("records.jsonl"), "rb") as f:
        records = f.read()
    with open(fixture("harbour.txt"), "rb") as f:
        article = f.read()
    jgz = tmp("gz/records.jsonl.gz", gzip.compress(records))
    tgz = tmp("gz/harbour.txt.gz", gzip.compress(article))
    st, out, err = run(["extract", jgz, tgz])
    check(st == 0, "gz exit %d: %s" % (st, err))
    objs = lines_of(out)
    check([o["id"] for o in objs] == ["wire-001", 2, None, tgz],
          "gz ids %r" % [o["id"] for o in objs])
    st, out, _ = run(["extract", "--include-text", tgz])
    check(lines_of(out)[0]["text"] == article.decode(), "gz text differs")
    # gzip on standard input too.
    st, out, _ = run(["extract", "--jsonl"], stdin=gzip.compress(records))
    check(st == 0 and len(lines_of(out)) == 3, "gz stdin")


def test_directories_and_missing_files():
    d = os.path.join(TMP, "tree")
    tmp("tree/b.txt", "The coach said the team was ready.\n")
    tmp("tree/a.txt", "The judge said the case was closed.\n")
    tmp("tree/sub/c.jsonl",
        '{"id":"c1","text":"Hi."}\n{"id":"c2","text":"Yo."}\n')
    tmp("tree/.hidden", "not an article")
    missing = os.path.join(TMP, "no-such-file.txt")
    st, out, _ = run(["extract", d, missing, fixture("harbour.txt")])
    check(st == 1, "exit %d, expected 1" % st)
    objs = lines_of(out)
    ids = [o["id"] for o in objs]
    check(ids == [os.path.join(d, "a.txt"), os.path.join(d, "b.txt"),
                  "c1", "c2", missing, fixture("harbour.txt")],
          "walk order %r" % ids)
    is_error(objs[4], "IO", ident=missing)
    check("line" not in objs[4], "a whole-file error has no line")


def test_output_file_and_stats():
    dest = os.path.join(TMP, "out.jsonl")
    st, out, err = run(["extract", "--stats", "-o", dest,
                        fixture("records.jsonl")])
    check(st == 0 and out == b"", "-o exit %d" % st)
    with open(dest, "rb") as f:
        check(len(lines_of(f.read())) == 3, "-o content")
    check("3 records" in err, "--stats: %r" % err)
    if os.path.exists("/dev/full"):
        st, _, err = run(["extract", "-o", "/dev/full",
                          fixture("records.jsonl")])
        check(st == 2 and "cannot write" in err, "disk full exit %d" % st)


def test_closed_pipe():
    rows = "".join(json.dumps({"id": i, "text": "He said so."}) + "\n"
                   for i in range(20000))
    path = tmp("many.jsonl", rows)
    for jobs in ("1", "2"):
        p = subprocess.Popen([WHOSAID, "extract", "-j", jobs, path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read().decode()
        st = p.wait(timeout=120)
        check(json.loads(first)["id"] == 0, "-j %s: first line" % jobs)
        check(st in (0, 1) and "cannot write" not in err,
              "-j %s: closed pipe: exit %d, %r" % (jobs, st, err))


def test_gazetteer_check():
    # Two kinds of broken file: a header row without a type column, and
    # rows whose column counts do not match the header.
    for name in ("bad-gazetteer.tsv", "bad-columns.tsv"):
        bad = fixture(name)
        st, out, err = run(["gazetteer", "check", bad])
        check(st == 1, "%s: check exit %d, expected 1" % (name, st))
        problems = out.decode().splitlines()
        check(problems, "%s: no problems printed" % name)
        for line in problems:
            check(re.match(re.escape(bad) + r":\d+: \S", line),
                  "not file:line: %r" % line)
        check(re.search(r"\d+ problems? in 1 file", err),
              "summary %r" % err)
    st, _, err = run(["gazetteer", "check", os.path.join(TMP, "none.tsv")])
    check(st == 2 and "none.tsv" in err, "unreadable check exit %d" % st)
    st, _, _ = run(["gazetteer", "check"])
    check(st == 2, "check with no file exit %d" % st)
    st, _, _ = run(["gazetteer", "frob", fixture("bad-gazetteer.tsv")])
    check(st == 2, "unknown gazetteer command exit %d" % st)


def test_bad_gazetteer_stops_extract():
    bad = fixture("bad-columns.tsv")
    st, out, err = run(["extract", "--gazetteer", bad, fixture("harbour.txt")])
    check(st == 2, "exit %d, expected 2" % st)
    check(re.match(r"whosaid: .*bad-columns\.tsv:\d+: ", err),
          "message is not 'whosaid: file:line: ...': %r" % err)
    check(out == b"", "output written before the model loaded")


def test_missing_gazetteer():
    missing = os.path.join(TMP, "my-people.tsv")
    st, out, err = run(["extract", "--gazetteer", missing,
                        fixture("harbour.txt")])
    check(st == 2, "exit %d, expected 2" % st)
    check(missing in err, "message does not name the file: %r" % err)
    check(out == b"", "output written before the model loaded")


def test_html_inputs():
    page = tmp("page.html", b"<html><body><nav>Home | Sport</nav>"
               b"<p>The ferry was late again.</p><script>x()</script>"
               b"<footer>About us</footer></body></html>")
    st, out, err = run(["extract", "--include-text", page])
    check(st == 0, "html file exit %d (%r)" % (st, err))
    obj = lines_of(out)[0]
    is_result(obj, page)
    check(obj["text"] == "The ferry was late again.\n",
          "extracted text %r" % obj.get("text"))
    rows = tmp("pages.jsonl", b'{"id":"p1","html":"<p>Rain &amp; wind.</p>",'
               b'"site":"x"}\n{"id":"p2","html":7}\n')
    st, out, err = run(["extract", "--include-text", rows])
    objs = lines_of(out)
    check(st == 1 and len(objs) == 2, "html records: exit %d, %d lines"
          % (st, len(objs)))
    check(objs[0]["text"] == "Rain & wind.\n" and
          objs[0]["meta"] == {"site": "x"}, "html record %r" % objs[0])
    is_error(objs[1], "NOTEXT", 2, "p2")
    txt = tmp("page.txt", b"<p>Kept as written.</p>")
    st, out, err = run(["extract", "--html", "--include-text", txt])
    check(lines_of(out)[0]["text"] == "Kept as written.\n", "--html")


def test_html_without_libxml2():
    # libxml2 is loaded on the first page: without it, each page is an
    # error record that says why, and plain text is analysed as ever
    nolib = os.path.join(TMP, "nolib")
    tmp("nolib/libxml2.so.2", b"not a shared object")
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = nolib + (":" + env["LD_LIBRARY_PATH"]
                                      if env.get("LD_LIBRARY_PATH") else "")
    rows = tmp("nolib.jsonl", b'{"id":"t1","text":"Caf&eacute; owners '
               b'said so."}\n{"id":"h1","html":"<p>Rain.</p>"}\n'
               b'{"id":"t2","text":"Rain &amp; wind."}\n')
    st, out, err = run(["extract", "--include-text", rows], env=env)
    objs = lines_of(out)
    check(st == 1 and len(objs) == 3, "without libxml2: exit %d, %d lines"
          % (st, len(objs)))
    is_result(objs[0], "t1")
    is_error(objs[1], "INTERNAL", 2, "h1")
    check("libxml2.so.2" in objs[1]["error"]["message"],
          "message does not name libxml2: %r" % objs[1]["error"])
    is_result(objs[2], "t2")


def test_jsonl_escapes_and_scalars():
    # flat records take a fast path (flatjson.c); nested ones go through
    # jansson: both must read the same text, ids and meta
    rows = tmp("esc.jsonl",
               b'{"id":12345678901234567890,"text":"Caf\\u00e9 \\"x\\" a\\/b\\\\c\\n\\t","n":-1.5e3,"ok":true,"z":null}\n'
               b'{"id":"s","text":"\\ud83d\\ude00 smile","deep":{"a":[1,{"b":2}]}}\n'
               b'{ "text" : "spaced" , "id" : "w" }\n')
    st, out, err = run(["extract", "--include-text", rows])
    objs = lines_of(out)
    check(st == 0 and len(objs) == 3, "exit %d, %d lines" % (st, len(objs)))
    check(objs[0]["text"] == 'Caf\u00e9 "x" a/b\\c\n\t', "text %r" % objs[0]["text"])
    check(b'"id":12345678901234567890' in out.splitlines()[0], "big id")
    check(objs[0]["meta"] == {"n": -1500.0, "ok": True, "z": None},
          "meta %r" % objs[0].get("meta"))
    check(objs[1]["text"] == "\U0001F600 smile" and
          objs[1]["meta"] == {"deep": {"a": [1, {"b": 2}]}}, "nested %r" % objs[1])
    check(objs[2]["id"] == "w" and objs[2]["text"] == "spaced", "spaces")


def test_jsonl_string_bytes_at_every_alignment():
    # the fast reader looks at 8 bytes at a time: a quote, a backslash, a
    # control byte or a non-ASCII byte must be seen at every position
    # within a word, and the decoded text must be exactly the input's
    rows, want = [], []
    for k in range(17):
        for piece in ('"', "\\", "\n", "\u00e9", "\u20ac", "\t", "/",
                      "\u00a3\u201c"):
            text = "a" * k + piece + "b" * (16 - k)
            # odd rows carry non-ASCII as raw UTF-8, even rows as \u escapes
            # the id's closing quote, too, falls at every position
            rows.append(json.dumps({"id": "i" * k + str(len(rows)),
                                    "text": text}, ensure_ascii=k % 2 == 0))
            want.append(("i" * k + str(len(want)), text))
    path = tmp("align.jsonl", "\n".join(rows) + "\n")
    st, out, err = run(["extract", "--include-text", "-j", "1", path])
    objs = lines_of(out)
    check(st == 0 and len(objs) == len(rows), "exit %d: %s" % (st, err))
    for obj, (ident, text) in zip(objs, want):
        check(obj["id"] == ident and obj.get("text") == text,
              "record %r: %r" % (ident, obj))
    # a raw control byte inside a string is invalid JSON wherever it falls
    bad = [b'{"id":%d,"text":"%s\x01%s"}' % (k, b"a" * k, b"b" * (16 - k))
           for k in range(17)]
    st, out, err = run(["extract", "--jsonl", "-j", "1"],
                       stdin=b"\n".join(bad) + b"\n")
    objs = lines_of(out)
    check(len(objs) == 17 and all("error" in o for o in objs),
          "control bytes: %r" % objs[:2])


def test_stdin_streams_record_by_record():
    # a filter fed one record at a time answers each before the next comes
    # (Spark's pipe, a slow producer): no waiting for a full buffer, on one
    # thread (no pool) as with several
    for jobs in ("1", "2"):
        p = subprocess.Popen([WHOSAID, "extract", "--jsonl", "-j", jobs],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            for i in range(3):
                p.stdin.write(b'{"id":%d,"text":"The talks went on."}\n' % i)
                p.stdin.flush()
                ready, _, _ = select.select([p.stdout], [], [], 10)
                check(ready, "-j %s: no answer to record %d before the next"
                      % (jobs, i))
                check(json.loads(p.stdout.readline())["id"] == i, "order")
        finally:
            p.stdin.close()
            p.wait(timeout=10)
    # gzip on standard input is recognised and inflated
    data = gzip.compress(b'{"id":"z","text":"Rain."}\n' * 3)
    st, out, err = run(["extract", "--jsonl"], stdin=data)
    check(st == 0 and [o["id"] for o in lines_of(out)] == ["z"] * 3,
          "gzip on stdin: exit %d, %r" % (st, out[:200]))


def main():
    global WHOSAID, TMP
    if len(sys.argv) != 2:
        print("usage: test-cli.py path/to/whosaid", file=sys.stderr)
        return 2
    WHOSAID = os.path.abspath(sys.argv[1])
    tests = [(k, v) for k, v in globals().items()
             if k.startswith("test_") and callable(v)]
    with tempfile.TemporaryDirectory(prefix="whosaid-cli-") as d:
        TMP = d
        for name, fn in tests:
            try:
                fn()
                print("ok   %s" % name)
            except Exception as e:  # one failure must not hide the others
                failures.append(name)
                print("FAIL %s: %s" % (name, e))
    print("%d tests, %d failed" % (len(tests), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
