#!/usr/bin/env python3
"""Print the structure counts issue 22 asks for, and (with --check) fail when one regresses.

Counts, over Sources/ (string literals and comments stripped first):
  collection switches  `switch` statements with a case naming one of the five collections or their records,
                       outside the descriptor file and the emulator (which keeps its own table on purpose);
  force unwraps        postfix `!` (including `as!`/`try!`), with the file and line of each;
  public types         `public`/`open` struct, class, enum, actor, protocol and typealias declarations;
  long functions       func/init bodies over 60 lines, with their length.

Each count has a limit (today's figure: `--check` fails above it, so nothing regresses; StructureTests runs it)
and issue 22's target. Figures when the issue was filed (d43ba36 / d71b366): 23 switches, 80 force unwraps,
278 public types (268 counted by the issue, without typealiases and protocols), 9 long functions.

Usage: scripts/structure-report.py [--root DIR] [--check] [--verbose]
"""
import argparse, os, re, sys

LIMITS = {"collection switches": 0, "force unwraps": 2, "public types": 139, "long functions": 1}
TARGETS = {"collection switches": 0, "force unwraps": 10, "public types": 139, "long functions": 1}
# The two places that open a collection: its record type, and the tag of a normalized record.
DESCRIPTOR_FILES = {"Sources/ESRecords/Models/SettingsCollection.swift",
                    "Sources/ESRecords/Normalization/NormalizedRecord.swift"}
# The emulator is written from the contract, not from the client's types: its one table of collections stays.
SWITCH_EXEMPT_DIRS = ("Sources/ESEmulator/",)
COLLECTION_CASE = re.compile(
    r"\bcase\s*\(?\s*(let\s+)?\.(allowPolicies|blockSenders|trustedDomains|impersonationRegistry|"
    r"allowPolicy|blockSender|trustedDomain|impersonation)\b")

def strip(src):
    """Blank out comments and string literals (keeping newlines) so counts see only code."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in src[i:j])); i = j
        elif src.startswith('"""', i):
            j = src.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append("".join(ch if ch == "\n" else " " for ch in src[i:j])); i = j
        elif c == '"' or (c == "#" and src.startswith('#"', i)):
            hashes = 0
            while src.startswith("#", i + hashes): hashes += 1
            start = i; i += hashes + 1
            close = '"' + "#" * hashes
            depth = 0
            while i < n:
                if hashes == 0 and src[i] == "\\" and i + 1 < n:
                    if src[i + 1] == "(":
                        # interpolation: skip to the matching parenthesis
                        k, d = i + 2, 1
                        while k < n and d:
                            d += {"(": 1, ")": -1}.get(src[k], 0); k += 1
                        i = k; continue
                    i += 2; continue
                if src.startswith(close, i):
                    i += len(close); break
                if src[i] == "\n": break
                i += 1
            out.append(" " * (i - start))
        else:
            out.append(c); i += 1
    return "".join(out)

def block_end(code, open_index):
    depth = 0
    for k in range(open_index, len(code)):
        if code[k] == "{": depth += 1
        elif code[k] == "}":
            depth -= 1
            if depth == 0: return k
    return len(code) - 1

def line_of(code, index):
    return code.count("\n", 0, index) + 1

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--check", action="store_true", help="exit 1 when a count exceeds its limit")
    ap.add_argument("--verbose", action="store_true", help="list every finding")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    findings = {k: [] for k in LIMITS}
    for base, _, files in os.walk(os.path.join(root, "Sources")):
        for name in sorted(files):
            if not name.endswith(".swift"): continue
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            code = strip(open(path, encoding="utf-8").read())
            # collection switches
            if rel not in DESCRIPTOR_FILES and not rel.startswith(SWITCH_EXEMPT_DIRS):
                for m in re.finditer(r"\bswitch\b[^{]*\{", code):
                    end = block_end(code, m.end() - 1)
                    if COLLECTION_CASE.search(code, m.end(), end):
                        findings["collection switches"].append(f"{rel}:{line_of(code, m.start())}")
            # force unwraps: a `!` right after an identifier, `)`, `]` or `?`, not followed by `=`
            for m in re.finditer(r"(?<=[\w\)\]\?>])!(?!=)", code):
                findings["force unwraps"].append(f"{rel}:{line_of(code, m.start())}")
            for m in re.finditer(r"^[ \t]*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?:final\s+|indirect\s+)?"
                                 r"(struct|class|enum|actor|protocol|typealias)\s+(\w+)", code, re.M):
                findings["public types"].append(f"{rel}:{line_of(code, m.start())} {m.group(2)}")
            for m in re.finditer(r"\b(func\s+[^\s(<]+|init[?!]?)\s*(<[^>]*>)?\s*\(", code):
                # find the body: the first `{` after the signature at paren depth 0
                k, depth = m.end() - 1, 0
                while k < len(code):
                    ch = code[k]
                    if ch in "([": depth += 1
                    elif ch in ")]": depth -= 1
                    elif ch == "{" and depth == 0: break
                    elif ch in ";}" and depth == 0: k = -1; break
                    elif ch == "\n" and depth == 0 and re.match(r"\s*(func|var|let|case|init|}|@)", code[k+1:k+40]):
                        k = -1; break
                    k += 1
                if k < 0 or k >= len(code): continue
                end = block_end(code, k)
                length = line_of(code, end) - line_of(code, m.start()) + 1
                if length > 60:
                    findings["long functions"].append(f"{rel}:{line_of(code, m.start())} {m.group(1)} ({length} lines)")
    failed = False
    for key, items in findings.items():
        over = len(items) > LIMITS[key]
        failed |= over
        met = "met" if len(items) <= TARGETS[key] else "not met"
        print(f"{key:20} {len(items):5}   limit {LIMITS[key]:4}   target {TARGETS[key]:4} ({met}){'   OVER THE LIMIT' if over else ''}")
        if a.verbose or (a.check and over):
            for item in items: print(f"    {item}")
    if a.check and failed:
        sys.exit(1)

if __name__ == "__main__":
    main()
