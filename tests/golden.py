#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# golden.py - end-to-end golden tests of the CLI's JSON.
#
# usage: golden.py WHOSAID GOLDEN_DIR
# Each folder under GOLDEN_DIR holds input.txt, expected.json and optionally
# `options` (extra arguments, one a line) and notes.md. The output of
# `whosaid extract [options] < input.txt` must equal expected.json as JSON.
# WHOSAID_UPDATE_GOLDEN=1 rewrites expected.json instead, for review as a
# diff in git.
import difflib
import json
import os
import subprocess
import sys


def run(exe, case):
    opts = []
    path = os.path.join(case, 'options')
    if os.path.exists(path):
        opts = [l.strip() for l in open(path, encoding='utf-8') if l.strip()]
    with open(os.path.join(case, 'input.txt'), 'rb') as f:
        r = subprocess.run([exe, 'extract'] + opts, stdin=f,
                           capture_output=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f'exit {r.returncode}: {r.stderr.decode()}')
    return json.loads(r.stdout)


def main():
    exe, root = sys.argv[1], sys.argv[2]
    update = os.environ.get('WHOSAID_UPDATE_GOLDEN') == '1'
    failed = 0
    cases = sorted(d for d in os.listdir(root)
                   if os.path.isdir(os.path.join(root, d)))
    for name in cases:
        case = os.path.join(root, name)
        try:
            got = run(exe, case)
        except Exception as e:  # report and go on to the next case
            print(f'FAIL {name}: {e}')
            failed += 1
            continue
        exp_path = os.path.join(case, 'expected.json')
        if update:
            with open(exp_path, 'w', encoding='utf-8') as f:
                json.dump(got, f, ensure_ascii=False, indent=2)
                f.write('\n')
            print(f'UPDATED {name}')
            continue
        want = json.load(open(exp_path, encoding='utf-8'))
        if got == want:
            print(f'ok {name}')
            continue
        failed += 1
        print(f'FAIL {name}: output differs from expected.json')
        diff = difflib.unified_diff(
            json.dumps(want, ensure_ascii=False, indent=2).splitlines(),
            json.dumps(got, ensure_ascii=False, indent=2).splitlines(),
            'expected.json', 'output', lineterm='', n=2)
        for line in list(diff)[:80]:
            print('  ' + line)
    print(f'{len(cases) - failed} of {len(cases)} golden cases pass')
    return 1 if failed else 0


sys.exit(main())
