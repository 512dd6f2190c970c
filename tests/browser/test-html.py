#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test-html.py - the HTML format in a real browser (headless chromium).
#
# Runs `whosaid extract --format html` on two made-up articles (one page
# for the batch), opens the page in headless chromium with every network
# feature off, and checks what the browser built and drew:
#   - the DOM (--dump-dom) has one <article> per document, every quote as a
#     <mark> with data-speaker, data-cue and data-method matching the JSON
#     of the same run, a title for hover, and a table row per quote;
#   - the screenshot is a PNG that is not blank: decoded here with zlib
#     (stdlib only), it has many colours, among them the quote highlights.
# Exit 77 (meson: skipped) when chromium is not installed.
#
# Usage: test-html.py WHOSAID [CHROMIUM]

import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77

ARTICLES = {
    "harbour.txt": (
        "Ferry strike to go ahead, union says\n\n"
        "\u201cWe asked for a fair deal, not a favour,\u201d said Tobias "
        "Quennell, general secretary of the Harbour Ferries Union.\n\n"
        "Helga Marwick, chief executive of the Port Authority of Lindmouth, "
        "said the offer was \u201cgenerous, by any measure\u201d.\n"
        "\u201cPassengers <and> traders will pay for this,\u201d she told "
        "reporters.\n"
    ),
    "council.txt": (
        "Library to stay open\n\n"
        "\u201cWe heard the town loud and clear,\u201d said Councillor "
        "Priya Ashdown, leader of Wexcombe District Council.\n"
    ),
}

GAZETTEER = (
    "name\ttype\tid\taliases\tattrs\n"
    "Helga Marwick\tPERSON\tQ99000001\t\tgender=f\n"
    "Tobias Quennell\tPERSON\tperson:tobias-quennell\t\tgender=m\n"
    "Harbour Ferries Union\tORG\tQ12ab\t\tkind=union\n"
    "Port Authority of Lindmouth\tORG\tQ99000002\t\tkind=public\n"
    "Wexcombe District Council\tORG\torg:wexcombe\t\tkind=public\n"
)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class Dom(html.parser.HTMLParser):
    """Collects the elements of the dumped DOM with their attributes, and
    the text inside each <mark> (quotes nest, so a stack)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict)
        self.marks = []     # [attrs, text]
        self.open_marks = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "mark":
            m = [a, ""]
            self.marks.append(m)
            self.open_marks.append(m)

    def handle_endtag(self, tag):
        if tag == "mark" and self.open_marks:
            self.open_marks.pop()

    def handle_data(self, data):
        for m in self.open_marks:
            m[1] += data


def png_pixels(path):
    """Returns (width, height, set of distinct RGB colours) of an 8-bit
    RGB or RGBA non-interlaced PNG, decoded with zlib."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("screenshot is not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if not ihdr:
        fail("PNG without IHDR")
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        fail("unexpected PNG kind: depth %d colour type %d" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours = set()
    for y in range(h):
        base = y * (stride + 1)
        ftype = raw[base]
        line = bytearray(raw[base + 1:base + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        if y % 4 == 0:  # every fourth line is plenty for counting colours
            for x in range(0, stride, bpp * 2):
                colours.add(bytes(line[x:x + 3]))
        prev = line
    return w, h, colours


def chromium_cmd(chromium, profile):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile]


def main():
    if len(sys.argv) < 2:
        print("usage: test-html.py WHOSAID [CHROMIUM]")
        return 2
    whosaid = os.path.abspath(sys.argv[1])
    chromium = sys.argv[2] if len(sys.argv) > 2 else "/usr/bin/chromium"
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        print("SKIP: %s is not installed" % chromium)
        return SKIP

    tmp = tempfile.mkdtemp(prefix="whosaid-html-")
    try:
        names = []
        for name, text in ARTICLES.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
            names.append(name)
        with open(os.path.join(tmp, "gz.tsv"), "w", encoding="utf-8") as f:
            f.write(GAZETTEER)
        base = [whosaid, "extract", "-j", "1", "--gazetteer", "gz.tsv"]
        page = os.path.join(tmp, "page.html")
        subprocess.run(base + ["--format", "html", "-o", page] + names,
                       cwd=tmp, check=True)
        out = subprocess.run(base + names, cwd=tmp, check=True,
                             stdout=subprocess.PIPE).stdout
        results = [json.loads(line) for line in out.decode().splitlines()]

        cmd = chromium_cmd(chromium, os.path.join(tmp, "profile"))
        url = "file://" + page
        dom_text = subprocess.run(
            cmd + ["--dump-dom", url], stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, timeout=120, check=True).stdout
        shot = os.path.join(tmp, "shot.png")
        subprocess.run(
            cmd + ["--screenshot=" + shot, "--window-size=1280,900", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=120, check=True)

        dom = Dom()
        dom.feed(dom_text.decode("utf-8"))
        check_dom(dom, results)
        check_screenshot(shot)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")
    return 0


def check_dom(dom, results):
    articles = [a for t, a in dom.elements if t == "article"]
    if [a.get("data-doc") for a in articles] != \
            [r["id"] for r in results]:
        fail("articles %r, expected %r" %
             ([a.get("data-doc") for a in articles],
              [r["id"] for r in results]))
    for tag, a in dom.elements:
        if tag in ("script", "img", "iframe") and a.get("src"):
            fail("external %s: %s" % (tag, a["src"]))
        if tag == "link":
            fail("a <link> element")
    marks = [m for m in dom.marks if "ws-q" in m[0].get("class", "")]
    rows = [a for t, a in dom.elements if t == "tr" and "data-quote" in a]
    nquotes = sum(len(r["quotes"]) for r in results)
    if nquotes < 4:
        fail("only %d quotes found in the fixture" % nquotes)
    if len(marks) != nquotes or len(rows) != nquotes:
        fail("%d quote marks and %d rows for %d quotes" %
             (len(marks), len(rows), nquotes))
    k = 0
    for r in results:
        for q in r["quotes"]:
            a, text = marks[k]
            row = rows[k]
            k += 1
            sp = q["speaker"]["entity"] if q["speaker"] else ""
            cue = q["cue"]["text"] if q["cue"] else ""
            want = {"data-quote": q["id"], "data-speaker": sp,
                    "data-cue": cue, "data-method": q["method"] or "",
                    "data-kind": q["kind"]}
            for key, val in want.items():
                if a.get(key) != val:
                    fail("%s %s: %s is %r, expected %r" %
                         (r["id"], q["id"], key, a.get(key), val))
            if text != q["text"]:
                fail("%s %s shows %r, expected %r" %
                     (r["id"], q["id"], text, q["text"]))
            if not a.get("title") or (cue and cue not in a["title"]):
                fail("%s %s: title %r lacks the evidence" %
                     (r["id"], q["id"], a.get("title")))
            if sp and "--c:" not in a.get("style", ""):
                fail("%s %s has no speaker colour" % (r["id"], q["id"]))
            if row.get("data-quote") != q["id"] or \
                    row.get("data-speaker") != sp:
                fail("%s: table row %r for %s" % (r["id"], row, q["id"]))
    # the speakers as written are marked, linked to their quotes
    sites = [a for t, a in dom.elements
             if t == "span" and "ws-site" in a.get("class", "")]
    if not sites:
        fail("no speaker marked in the text")
    # the markup in the article is text, not elements
    if any(t == "and" for t, a in dom.elements):
        fail("article text became an element")


def check_screenshot(path):
    if not os.path.isfile(path) or os.path.getsize(path) < 1000:
        fail("no screenshot")
    w, h, colours = png_pixels(path)
    if (w, h) != (1280, 900):
        fail("screenshot is %dx%d" % (w, h))
    if len(colours) < 2:
        fail("screenshot is blank")
    if len(colours) < 20:
        fail("screenshot has only %d colours" % len(colours))
    # a quote highlight: a light colour that is clearly not grey
    tinted = [c for c in colours
              if max(c) - min(c) > 40 and min(c) > 120]
    if not tinted:
        fail("no highlight colour in the screenshot")


if __name__ == "__main__":
    sys.exit(main())
