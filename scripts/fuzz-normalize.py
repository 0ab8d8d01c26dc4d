#!/usr/bin/env python3
"""Fuzz `esmigrate normalize` over each reader and report peak RSS.

Generates N mutated inputs per format (CSV, JSON Lines, XML) from the shared fixtures — bit flips, truncation,
NUL runs, invalid UTF-8, UTF-16 with and without a BOM, control bytes, doubled quotes, giant fields — plus,
per format, inputs with one line of LINE_MB megabytes (a giant cell, a giant JSON line, a giant XML text
node). Runs the release binary on them in batches under /usr/bin/time -v and prints, per format: inputs,
invocations, crashes (exit codes other than 0, 64, 65), and the peak RSS of any invocation.

Then the big-input shapes of the second hardening round, each one file read alone (dialect named), with its
peak RSS, wall time and exit: a Postfix continuation storm, a Postfix entry with millions of comment lines
inside it, a SpamAssassin removal flood, a SpamAssassin line of 1 MiB of addresses, an Exchange policy-object
flood and a Mimecast envelope flood. SHAPE_SCALE (default 1) multiplies their sizes.

usage: scripts/fuzz-normalize.py [N_PER_FORMAT [LINE_MB [SEED [SHAPE_SCALE]]]]   (N_PER_FORMAT 0: shapes only)
"""
import os, random, subprocess, sys, tempfile, shutil, re

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
LINE_MB = int(sys.argv[2]) if len(sys.argv) > 2 else 100
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 9
SCALE = float(sys.argv[4]) if len(sys.argv) > 4 else 1
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

def run(files, extra=()):
    cmd = ["/usr/bin/time", "-v", binary, "normalize", "--quiet", "--out", os.devnull, "--report", os.devnull] + list(extra) + files
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)", err).group(1)
    run.wall = wall
    return p.returncode, rss, err

def shapes():
    """The big-input shapes: (name, dialect, writer of the file)."""
    n = lambda count: int(count * SCALE)
    def continuation_storm(f):        # 1M continuation lines joined into one logical line (capped: too_long)
        f.write(b"spam.example REJECT start\n")
        for _ in range(n(1_000_000)): f.write(b"   word\n")
        f.write(b"ok.example OK\n")
    def comments_inside(f):           # 2M comment lines between an entry and its continuation
        f.write(b"spam.example REJECT go\n")
        for i in range(n(2_000_000)): f.write(b"# note %d\n" % i)
        f.write(b"  away\n")
    def removal_flood(f):             # 65 MB of unwhitelist_from lines, then the entries they remove
        for i in range(n(1_900_000)): f.write(b"unwhitelist_from user%d@example.com\n" % i)
        for i in range(1000): f.write(b"whitelist_from user%d@example.com\n" % i)
    def megabyte_line(f):             # one whitelist_from line of 1 MiB of addresses
        f.write(b"whitelist_from")
        size = 0
        i = 0
        while size < (1 << 20):
            token = b" sender%d@example.com" % i
            f.write(token); size += len(token); i += 1
        f.write(b"\n")
    def policy_flood(f):              # 5M Exchange policy objects with empty lists (95 MB)
        f.write(b"[")
        for i in range(n(5_000_000)): f.write(b',{"AllowedSenders":[]}' if i else b'{"AllowedSenders":[]}')
        f.write(b"]\n")
    def envelope_flood(f):            # 1M Mimecast envelopes with one blocked sender each
        f.write(b"[")
        for i in range(n(1_000_000)):
            f.write((b"," if i else b"") + b'{"meta":{"status":200},"data":[{"option":"block_sender","policy":{'
                    b'"fromPart":"envelope_from","from":{"type":"individual_email_address","emailAddress":'
                    b'"a%d@example.com"},"to":{"type":"everyone"}}}],"fail":[]}' % i)
        f.write(b"]\n")
    return [("postfix continuation storm", "postfix-access", continuation_storm),
            ("postfix 2M comments inside an entry", "postfix-access", comments_inside),
            ("spamassassin removal flood", "spamassassin-cf", removal_flood),
            ("spamassassin 1 MiB line", "spamassassin-cf", megabyte_line),
            ("exchange policy-object flood", "m365-eop-json", policy_flood),
            ("mimecast envelope flood", "mimecast-policy-json", envelope_flood)]

work = tempfile.mkdtemp(prefix="esmigrate-fuzz-")
try:
    for fmt, ext in [("csv", ".csv"), ("jsonl", ".jsonl"), ("xml", ".xml")]:
        if N == 0: continue               # N = 0: the big-input shapes only
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
    for name, dialect, write in shapes():
        path = os.path.join(work, "shape")
        with open(path, "wb") as f: write(f)
        size = os.path.getsize(path)
        code, rss, err = run([path], ["--dialect", dialect])
        os.remove(path)
        crashed = code not in (0, 64, 65, 66)
        print(f"shape  {name:38} {size / 1e6:7.1f} MB  exit {code}{' CRASH' if crashed else ''}  "
              f"peak RSS {rss / 1024:.1f} MB  wall {run.wall}", flush=True)
finally:
    if not any(os.scandir(work)): shutil.rmtree(work)
