// Gzip size of the release build's wasm + js + css; fails on a large regression.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// The target (issues 7, 11, 13): wasm + JS + CSS at most 250 KB gzipped.
const LIMIT = 250 * 1024;
const dist = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
let total = 0;
for (const f of fs.readdirSync(dist)) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const raw = fs.readFileSync(path.join(dist, f));
  const gz = zlib.gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`${f}: ${raw.length} bytes, ${gz} gzipped`);
}
console.log(`total gzipped: ${(total / 1024).toFixed(1)} KB (limit ${LIMIT / 1024} KB)`);
if (total > LIMIT) { console.error('size check failed'); process.exit(1); }
