#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test-symbols.py - the shared library exports the public API and nothing else.
#
# usage: test-symbols.py path/to/libwhosaid.so path/to/whosaid.h
# The exported symbols are exactly the functions whosaid.h declares: nothing
# internal leaks (not even ws_malloc), nothing public is missing from
# src/libwhosaid.map.
import re
import subprocess
import sys


def main():
    lib, header = sys.argv[1], sys.argv[2]
    out = subprocess.run(['nm', '-D', '--defined-only', lib],
                         capture_output=True, text=True, check=True).stdout
    exported = set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2 or f[-2] == 'A':  # 'A': the version node itself
            continue
        exported.add(f[-1].split('@')[0])
    leaked = sorted(exported - set(re.findall(
        r'^[a-z][^(;/]*?\b(ws_[a-z_]+)\(', open(header).read(), re.M)))
    # function declarations: a line that starts with a type, then the name
    declared = set(re.findall(r'^[a-z][^(;/]*?\b(ws_[a-z_]+)\(',
                              open(header).read(), re.M))
    missing = sorted(declared - exported)
    for s in leaked:
        print(f'exported but not declared in whosaid.h: {s}')
    for s in missing:
        print(f'declared in whosaid.h but not exported: {s}')
    print(f'{len(exported)} symbols exported, {len(declared)} declared')
    return 1 if leaked or missing else 0


sys.exit(main())
