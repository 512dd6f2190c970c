#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# run.py - whosaid's benchmarks: prints figures, checks nothing.
#
# usage: tests/bench/run.py [--build DIR] [--runs N] [--compromise] [CORPUS.jsonl]
#
# CORPUS is a JSON Lines file of {"id", "text"} records (for example
# ../shared/corpus/bbc-2004.jsonl); without one, a synthetic news-like
# corpus of about 5 MB is generated. Prints: startup time with 1 and 2
# threads, end-to-end throughput with 1 and 2 threads (JSON Lines in, JSON
# Lines out, default gazetteers and rules; best and median of --runs, the
# two alternating), peak memory for the corpus once
# and ten times over (it must not grow), and where the time goes by stage
# (bench-stages, which includes the gazetteer stage alone and model load).
# --compromise also runs the npm library compromise over the same texts
# (installed into ~/.cache/whosaid-bench, never into the repository).
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def synthetic(path, target=5_000_000):
    rnd = random.Random(7)
    first = ['Anna', 'James', 'Maria', 'Wei', 'Olga', 'Ahmed', 'Kenji', 'Sarah']
    last = ['Holt', 'Okafor', 'Lindqvist', 'Tanaka', 'Moreau', 'Brennan']
    titles = ['Finance Minister', 'chief executive', 'spokeswoman', 'coach']
    orgs = ['the Treasury', 'Barclays', 'the European Commission', 'NATO']
    words = ('the of and to in said that was for on is with as by it from '
             'at an be this have are market plan deal government week year '
             'talks prices growth report figures match season vote').split()
    n = 0
    with open(path, 'w', encoding='utf-8') as f:
        size = 0
        while size < target:
            paras = []
            for _ in range(rnd.randint(6, 14)):
                who = f'{rnd.choice(first)} {rnd.choice(last)}'
                body = ' '.join(rnd.choice(words) for _ in range(rnd.randint(12, 30)))
                if rnd.random() < 0.5:
                    paras.append(f'"{body.capitalize()}," said {rnd.choice(titles)} {who} of {rnd.choice(orgs)}.')
                else:
                    paras.append(f'{who} told reporters the {body}.')
            text = '\n\n'.join(paras)
            f.write(json.dumps({'id': f'synthetic/{n}', 'text': text}) + '\n')
            size += len(text.encode())
            n += 1
    return path


def corpus_bytes(path):
    total = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            total += len(json.loads(line).get('text', '').encode())
    return total


def run_timed(cmd, stdin_path, repeat=1):
    """Runs cmd over stdin_path (fed repeat times through a pipe when
    repeat > 1); returns wall seconds, the child's own peak RSS in KB and
    its CPU seconds (wait4: this child alone, not the largest so far)."""
    t = time.perf_counter()
    if repeat == 1:
        with open(stdin_path, 'rb') as f:
            p = subprocess.Popen(cmd, stdin=f, stdout=subprocess.DEVNULL)
    else:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL)
        with open(stdin_path, 'rb') as f:
            data = f.read()
        for _ in range(repeat):
            p.stdin.write(data)
        p.stdin.close()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f'{cmd[0]} failed: status {status}')
    return dt, ru.ru_maxrss, ru.ru_utime + ru.ru_stime


def startup(exe, jobs, runs=20):
    best = 1e9
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, 'extract', '--jsonl', '-j', str(jobs)],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       check=True)
        best = min(best, time.perf_counter() - t)
    return best


COMPROMISE_JS = r'''
const nlp = require('compromise');
const fs = require('fs');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const texts = lines.map(l => JSON.parse(l).text || '');
let bytes = 0; for (const t of texts) bytes += Buffer.byteLength(t);
const t0 = process.hrtime.bigint();
let n = 0;
for (const t of texts) {
  const doc = nlp(t);
  n += doc.people().length + doc.organizations().length + doc.quotations().length;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({seconds: s, bytes: bytes, found: n}));
'''


def compromise(path):
    cache = os.path.expanduser('~/.cache/whosaid-bench')
    os.makedirs(cache, exist_ok=True)
    if not os.path.isdir(os.path.join(cache, 'node_modules', 'compromise')):
        subprocess.run(['npm', 'install', '--silent', '--prefix', cache,
                        'compromise@14'], check=True)
    script = os.path.join(cache, 'run.js')
    with open(script, 'w') as f:
        f.write(COMPROMISE_JS)
    # node runs in the cache (where compromise is installed), so the corpus
    # is named by its absolute path
    out = subprocess.run(['node', script, os.path.abspath(path)],
                         capture_output=True, text=True, cwd=cache)
    if out.returncode != 0:
        raise SystemExit(f'compromise run failed:\n{out.stderr}')
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus', nargs='?')
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--compromise', action='store_true')
    ap.add_argument('--runs', type=int, default=5,
                    help='timed runs for each end-to-end figure (best kept)')
    a = ap.parse_args()
    exe = os.path.join(a.build, 'whosaid')
    stages = os.path.join(a.build, 'tests', 'bench', 'bench-stages')
    tmp = None
    path = a.corpus
    if not path:
        tmp = tempfile.NamedTemporaryFile(suffix='.jsonl', delete=False)
        path = synthetic(tmp.name)
    mb = corpus_bytes(path) / 1e6
    print(f'corpus: {path} ({mb:.2f} MB of article text)')
    # with -j 2 the rules are compiled by two threads
    for jobs in (1, 2):
        print(f'startup, -j {jobs} (best of 20, empty input): '
              f'{startup(exe, jobs) * 1e3:.1f} ms')
    # the two thread counts alternate, so that a busy spell of the machine
    # weighs on both alike
    times = {1: [], 2: []}  # seconds of each run, by thread count
    for _ in range(a.runs):
        for jobs in (1, 2):
            dt, _, _ = run_timed([exe, 'extract', '--jsonl', '-j', str(jobs)],
                                 path)
            times[jobs].append(dt)
    for jobs in (1, 2):
        best, median = min(times[jobs]), sorted(times[jobs])[a.runs // 2]
        print(f'end to end, -j {jobs}: {best:.3f} s, {mb / best:.1f} MB/s '
              f'(best of {a.runs}; median {mb / median:.1f} MB/s)')
    print(f'speed-up with 2 threads: {min(times[1]) / min(times[2]):.2f}x '
          f'(best against best; medians '
          f'{sorted(times[1])[a.runs // 2] / sorted(times[2])[a.runs // 2]:.2f}x)')
    # memory is bounded by the window, not the input: the corpus once and
    # ten times over a pipe should peak alike
    for repeat in (1, 10):
        _, rss, _ = run_timed([exe, 'extract', '--jsonl', '-j', '2'], path,
                              repeat=repeat)
        print(f'peak memory (-j 2, corpus x{repeat} on stdin): {rss / 1024:.1f} MB')
    if os.path.exists(stages):
        print('\nwhere the time goes (bench-stages, one thread, library only):')
        sys.stdout.flush()
        subprocess.run([stages, path, '3'], check=True)
    if a.compromise:
        r = compromise(path)
        rate = r['bytes'] / 1e6 / r['seconds']
        print(f"\ncompromise 14 (node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}):"
              f" {r['seconds']:.1f} s, {rate:.2f} MB/s; whosaid -j 1 is {mb / min(times[1]) / rate:.0f}x faster")
    if tmp:
        os.unlink(tmp.name)


main()
