// Write the build's version into the service worker — a hash of every file it caches — so that
// a new build is a new worker the browser installs. Run by scripts/minify-glue.mjs (Trunk's
// post-build hooks run side by side, and the hash must see the minified glue).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export function stamp(dir) {
const sw = path.join(dir, 'sw.js');
const hash = crypto.createHash('sha256');
for (const f of fs.readdirSync(dir).sort()) {
  if (f === 'sw.js' || !fs.statSync(path.join(dir, f)).isFile()) continue;
  hash.update(f).update(fs.readFileSync(path.join(dir, f)));
}
const version = hash.digest('hex').slice(0, 16);
// Every occurrence: a minifier may have folded the constant into the strings that use it.
fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replaceAll('__DNSLENS_BUILD__', version));
console.log(`stamp-sw: version ${version}`);
}
