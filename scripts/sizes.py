#!/usr/bin/env python3
"""Files over 600 lines (test module aside) and functions over 150 lines, in the engine and the
web app: the limits the project keeps (README, "Layout"). Exit 1 when one is over."""
import os, re, sys

ROOTS = ["crates/dnslens/src", "web/src"]
bad = []
for root in ROOTS:
    for d, _, fs in os.walk(root):
        for f in fs:
            if not f.endswith(".rs"):
                continue
            p = os.path.join(d, f)
            lines = open(p, encoding="utf-8").read().split("\n")
            end = next((i for i, l in enumerate(lines) if l.startswith("#[cfg(test)]")), len(lines))
            if end > 600:
                bad.append(f"{p}: {end} lines before its tests")
            for i, l in enumerate(lines[:end]):
                m = re.match(r"^(\s*)(pub(\([a-z]+\))? )?(const )?fn (\w+)", l)
                if not m or l.rstrip().endswith(";"):
                    continue
                indent = m.group(1)
                for j in range(i + 1, end):
                    if lines[j] == indent + "}":
                        if j - i + 1 > 150:
                            bad.append(f"{p}:{i+1}: fn {m.group(5)} is {j-i+1} lines")
                        break
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
