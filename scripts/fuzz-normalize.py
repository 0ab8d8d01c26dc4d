#!/usr/bin/env python3
"""Fuzz `esmigrate normalize` over each reader and report peak RSS.

Generates N mutated inputs per format (CSV, JSON Lines, XML) from the shared fixtures — bit flips, truncation,
NUL runs, invalid UTF-8, UTF-16 with and without a BOM, control bytes, doubled quotes, giant fields — plus,
per format, inputs with one line of LINE_MB megabytes (a giant cell, a giant JSON line, a giant XML text
node). Runs the release binary on them in batches under /usr/bin/time -v and prints, per format: inputs,
invocations, crashes (exit codes other than 0, 64, 65), and the peak RSS of any invocation.

usage: scripts/fuzz-normalize.py [N_PER_FORMAT [LINE_MB [SEED]]]
"""
import os, random, subprocess, sys, tempfile, shutil, re

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
LINE_MB = int(sys.argv[2]) if len(sys.argv) > 2 else 100
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 9
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixtures = os.path.join(root, "..", "shared", "fixtures", "legacy")
binary = os.environ.get("ESMIGRATE_BIN") or next((p for p in (os.path.join(root, d, "release", "esmigrate") for d in (".build", ".build-release")) if os.path.exists(p)), os.path.join(root, ".build", "release", "esmigrate"))
rng = random.Random(SEED)
print(f"fuzz-normalize: seed {SEED}, {N} inputs per format, lines of {LINE_MB} MB", flush=True)

def seeds(ext):
    out = []
    for name in sorted(os.listdir(fixtures)):
        if name.endswith(ext):
            with open(os.path.join(fixtures, name), "rb") as f:
                out.append(f.read())
    return out

def mutate(data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(9)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:                      # bit flip
            i = rng.randrange(len(data)); data[i] ^= 1 << rng.randrange(8)
        elif op == 1:                             # truncate
            data = data[:pos]
        elif op == 2:                             # NUL run
            data[pos:pos] = b"\0" * rng.randint(1, 4096)
        elif op == 3:                             # invalid UTF-8
            data[pos:pos] = bytes(rng.choice([0xC0, 0xFF, 0x80, 0xED, 0xF5]) for _ in range(rng.randint(1, 8)))
        elif op == 4:                             # control bytes and terminal escapes
            data[pos:pos] = rng.choice([b"\x1b]0;PWNED\x07", b"\x1b[2J", b"\x00\x01\x7f", b"\x85\x9b", b"\r", b"\x0b"])
        elif op == 5:                             # quotes and delimiters
            data[pos:pos] = rng.choice([b'"', b'""', b',', b';', b'\n', b'<', b'>', b'{', b'}', b'&#0;'])
        elif op == 6:                             # a big field (up to 2 MiB)
            data[pos:pos] = rng.choice([b"a", b"\xc3\xa9", b"\t", b"@"]) * rng.randint(1, 2 << 20)
        elif op == 7 and data:                    # duplicate a slice
            i = rng.randrange(len(data)); j = min(len(data), i + rng.randint(1, 400)); data[pos:pos] = data[i:j]
        elif op == 8 and data:                    # delete a slice
            i = rng.randrange(len(data)); del data[i:i + rng.randint(1, 200)]
    out = bytes(data)
    r = rng.random()
    if r < 0.03:
        out = b"\xff\xfe" + out.decode("utf-8", "replace").encode("utf-16-le")
    elif r < 0.06:
        out = out.decode("utf-8", "replace").encode("utf-16-le")      # no BOM
    elif r < 0.08:
        out = out.decode("utf-8", "replace").encode("utf-16-be")
    return out

def giant(fmt, path):
    chunk = b"x" * (1 << 20)
    with open(path, "wb") as f:
        if fmt == "csv":
            f.write(b"Blocked_Sender,Notes\na@example.com,ok\nb@example.com,")
            for _ in range(LINE_MB): f.write(chunk)
            f.write(b"\nc@example.com,ok\n")
        elif fmt == "jsonl":
            f.write(b'{"pattern":"a@example.com","pattern_type":"EMAIL","collection":"block_senders"}\n{"comments":"')
            for _ in range(LINE_MB): f.write(chunk)
            f.write(b'"}\n{"pattern":"c@example.com","pattern_type":"EMAIL","collection":"block_senders"}\n')
        else:
            f.write(b'<?xml version="1.0"?><lists><blockList><entry type="email"><value>a@example.com</value></entry>'
                    b'<entry type="email"><value>b@example.com</value><comment>')
            for _ in range(LINE_MB): f.write(chunk)
            f.write(b'</comment></entry><entry type="email"><value>c@example.com</value></entry></blockList></lists>\n')

def run(files):
    cmd = ["/usr/bin/time", "-v", binary, "normalize", "--quiet", "--out", os.devnull, "--report", os.devnull] + files
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    return p.returncode, rss, err

work = tempfile.mkdtemp(prefix="esmigrate-fuzz-")
try:
    for fmt, ext in [("csv", ".csv"), ("jsonl", ".jsonl"), ("xml", ".xml")]:
        base = seeds(ext)
        crashes, peak, invocations, batch = 0, 0, 0, []
        def flush():
            global crashes, peak, invocations
            if not batch: return
            code, rss, err = run(batch)
            invocations += 1
            peak = max(peak, rss)
            if code not in (0, 64, 65, 66):
                crashes += 1
                print(f"  {fmt}: exit {code} on a batch (kept in {work})", flush=True)
                print("\n".join(err.splitlines()[-5:]))
            else:
                for f in batch: os.remove(f)
            batch.clear()
        for i in range(N):
            path = os.path.join(work, f"{fmt}-{i}{ext}")
            with open(path, "wb") as f: f.write(mutate(rng.choice(base)))
            batch.append(path)
            if len(batch) == 100: flush()
        flush()
        big = os.path.join(work, f"giant{ext}")
        giant(fmt, big)
        code, rss, err = run([big])
        os.remove(big)
        print(f"{fmt:6} inputs {N + 1:6}  invocations {invocations + 1:4}  crashes {crashes + (code not in (0, 64, 65))}  "
              f"peak RSS {max(peak, rss) / 1024:.1f} MB (mutants) / {rss / 1024:.1f} MB ({LINE_MB} MB line, exit {code})", flush=True)
finally:
    if not any(os.scandir(work)): shutil.rmtree(work)
