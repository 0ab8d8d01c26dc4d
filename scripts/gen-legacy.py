#!/usr/bin/env python3
"""Generates realistic legacy allow/block lists for benchmarks: CSV (Area 1 allow), JSONL (Cloudflare API
dump) and XML (generic sender lists), with the mix real exports have: addresses, domains, IPv4/IPv6, CIDRs,
ranges, globs, regexes, IDN, display names, a few percent invalid or private entries and duplicates.

usage: gen-legacy.py FORMAT COUNT OUT   (FORMAT: csv | jsonl | xml | eop; deterministic for a given COUNT)

eop: one Exchange Online anti-spam policy document as Windows PowerShell 5.1's ConvertTo-Json writes it (UTF-8
with BOM, CRLF, four-space indents, two spaces after ':', list elements aligned under their member, \u0027
escapes): four policies whose AllowedSenders, BlockedSenders, AllowedSenderDomains and BlockedSenderDomains
hold COUNT addresses and domains in all, in one pretty-printed document.
"""
import json
import random
import sys

fmt, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(20261122)
words = ["billing", "alerts", "news", "partner", "vendor", "payroll", "hr", "it", "support", "sales", "ops",
         "marketing", "noreply", "reports", "finance", "legal", "security", "mail", "relay", "bulk"]
tlds = ["example", "example.com", "example.net", "example.org"]
notes = ["partner", "marketing platform relay", "ESP sending range", "Partner, Inc. (contract 2023)",
         "phishing simulation", "reported by SOC", "", "legacy entry", "bulk newsletters", "vendor invoices"]


def domain(i):
    return f"{rng.choice(words)}{i % 50000}.{rng.choice(tlds)}"


def pattern(i):
    r = rng.random()
    if r < 0.50:
        return f"{rng.choice(words)}.{i}@{domain(i)}"
    if r < 0.68:
        return domain(i)
    if r < 0.76:
        return f"203.0.{rng.randrange(113, 120)}.{rng.randrange(1, 255)}"
    if r < 0.80:
        return f"198.51.{rng.randrange(0, 255)}.0/24"
    if r < 0.83:
        return f"2001:db8:{rng.randrange(0, 65535):x}::{rng.randrange(1, 65535):x}"
    if r < 0.86:
        return f"^.*@{rng.choice(words)}{i}\\.example\\.com$"
    if r < 0.88:
        return f"*@{domain(i)}"
    if r < 0.90:
        return f"Display Name <{rng.choice(words)}{i}@{domain(i)}>"
    if r < 0.91:
        return f"{rng.choice(words)}{i}@bücher{i % 100}.example"
    if r < 0.93:
        return f"10.{rng.randrange(0, 255)}.{rng.randrange(0, 255)}.{rng.randrange(1, 255)}"   # private: rejected
    if r < 0.94:
        return f"bad..dots{i}@example.com"                                                    # invalid
    if r < 0.95:
        return f"198.51.100.{rng.randrange(1, 100)}-198.51.100.{rng.randrange(100, 250)}"
    return None  # a duplicate of an earlier row


def csv_quote(s):
    return f'"{s}"' if ("," in s or '"' in s) else s


def eop(count, out):
    lists = [("AllowedSenders", 0.30), ("BlockedSenders", 0.45), ("AllowedSenderDomains", 0.10), ("BlockedSenderDomains", 0.15)]
    i = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        f.write("[\r\n")
        for n, (member, share) in enumerate(lists):
            size = count - i if n == len(lists) - 1 else int(count * share)
            f.write("    {\r\n")
            f.write(f'        "Name":  "Policy {n}",\r\n        "Identity":  "Policy {n}",\r\n        "IsDefault":  {"true" if n == 0 else "false"},\r\n')
            pad = " " * (8 + len(member) + 5)
            f.write(f'        "{member}":  [\r\n')
            for k in range(size):
                if member.endswith("Domains"):
                    v = domain(i) if rng.random() < 0.9 else "*." + domain(i)
                else:
                    v = f"{rng.choice(words)}.{i}@{domain(i)}" if rng.random() < 0.97 else f"o'brien{i}@{domain(i)}"
                v = v.replace("'", "\\u0027")
                f.write(f'{pad}   "{v}"' + (",\r\n" if k < size - 1 else "\r\n"))
                i += 1
            f.write(f"{pad}],\r\n")
            f.write('        "Enabled":  true,\r\n        "WhenChanged":  "\\/Date(1706745600000)\\/"\r\n')
            f.write("    }" + (",\r\n" if n < len(lists) - 1 else "\r\n"))
        f.write("]\r\n")


if fmt == "eop":
    eop(count, out)
    sys.exit(0)

recent = []
with open(out, "w", encoding="utf-8", newline="") as f:
    if fmt == "csv":
        f.write("Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender\r\n")
    elif fmt == "xml":
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<senderLists xmlns="urn:example:legacy-gateway:sender-lists:1">\n')
    for i in range(count):
        p = pattern(i)
        if p is None:
            p = rng.choice(recent) if recent else f"first{i}@example.com"
        else:
            if len(recent) < 1000:
                recent.append(p)
            else:
                recent[rng.randrange(1000)] = p
        note = rng.choice(notes)
        if fmt == "csv":
            flags = rng.choice(["true, false, false, true", "false, true, false, false", "true, false, true, false",
                                "TRUE, FALSE, FALSE, TRUE", "yes, no, no, yes"])
            f.write(f"{csv_quote(p)}, {csv_quote(note)}, {flags}\r\n")
        elif fmt == "jsonl":
            kind = rng.random()
            if kind < 0.6:
                obj = {"id": f"{i:08x}-fafe-4643-bbbc-4a0ed4fc8415", "pattern": p, "pattern_type": "EMAIL" if "@" in p else "DOMAIN",
                       "is_regex": p.startswith("^"), "is_trusted_sender": False, "is_acceptable_sender": True,
                       "is_exempt_recipient": False, "verify_sender": True, "comments": note or None,
                       "created_at": "2024-03-04T10:15:31Z", "last_modified": "2024-03-04T10:15:31Z"}
                if kind < 0.2:
                    obj = {"id": i, "pattern": p, "pattern_type": "UNKNOWN", "is_regex": p.startswith("^"),
                           "is_sender": False, "is_recipient": False, "is_spoof": True, "verify_sender": True,
                           "comments": note or None}
            elif kind < 0.95:
                obj = {"id": i, "pattern": p, "pattern_type": "UNKNOWN", "is_regex": p.startswith("^"),
                       "comments": note or None, "created_at": "2023-11-14T22:13:20Z"}
            else:
                obj = {"id": i, "name": f"Person {i % 9000}", "email": f"person{i % 9000}@example.com",
                       "is_email_regex": False, "provenance": "A1S_INTERNAL"}
            f.write(json.dumps(obj, ensure_ascii=False) + "\r\n")
        else:
            if i % 50000 == 0:
                if i:
                    f.write(f"  </{'allowlist' if (i // 50000) % 2 else 'blocklist'}>\n")
                f.write(f"  <{'blocklist' if (i // 50000) % 2 else 'allowlist'}>\n")
            esc = p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            t = "regex" if p.startswith("^") else ("ip" if p[0].isdigit() else ("email" if "@" in p else "domain"))
            comment = f"<comment>{note.replace('&', '&amp;')}</comment>" if note else ""
            f.write(f'    <entry type="{t}" added="2023-11-02"><value>{esc}</value>{comment}</entry>\n')
    if fmt == "xml":
        last = (count - 1) // 50000
        f.write(f"  </{'blocklist' if last % 2 else 'allowlist'}>\n</senderLists>\n")
