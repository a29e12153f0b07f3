#!/usr/bin/env python3
"""Files over 600 lines (test module aside) and functions over 150 lines, in the engine and the
web app, and import circles between the engine's modules: the limits the project keeps (README,
"Layout"). Exit 1 when one is broken."""
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


def circles(root):
    """Module-to-module `crate::`/`super::` references outside tests and comments; a module's
    own parents (which re-export) do not count. Returns each circle found."""
    files = [os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs if f.endswith(".rs")]
    def mod(f):
        p = tuple(f[:-3].split("/"))
        return p[:-1] if p[-1] in ("mod", "lib") else p
    mods = {mod(f) for f in files}
    edges = {}
    for f in files:
        src = open(os.path.join(root, f), encoding="utf-8").read().split("#[cfg(test)]")[0]
        src = "\n".join(l for l in src.split("\n") if not l.strip().startswith("//"))
        me, deps = mod(f), set()
        for m in re.finditer(r"crate::([a-z_]+(?:::[a-z_]+)*)", src):
            parts = tuple(m.group(1).split("::"))
            hit = next((parts[:i] for i in range(len(parts), 0, -1) if parts[:i] in mods), None)
            if hit and hit != me:
                deps.add(hit)
        for m in re.finditer(r"\bsuper::([a-z_]+)", src):
            cand = me[:-1] + (m.group(1),)
            if cand in mods and cand != me:
                deps.add(cand)
        edges[me] = deps
    state, stack, found = {}, [], []
    def visit(u):
        state[u] = 1
        stack.append(u)
        for v in sorted(edges.get(u, ())):
            if v == u[: len(v)]:
                continue
            if state.get(v) == 1:
                found.append(stack[stack.index(v):] + [v])
            elif not state.get(v):
                visit(v)
        stack.pop()
        state[u] = 2
    for u in sorted(edges):
        if not state.get(u):
            visit(u)
    return found


for c in circles("crates/dnslens/src"):
    bad.append("import circle: " + " -> ".join("/".join(m) for m in c))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
