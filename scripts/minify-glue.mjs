// Trunk post-build hook (Trunk.toml): minify wasm-bindgen's JS glue (and boot.js, sw.js) in release
// builds with terser, then stamp the service worker's version
// (Trunk's own JS minifier cannot parse the glue's `export default`). Without terser installed
// (scripts/setup.sh installs it with the test tools) the glue is left as it is, with a note.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { stamp } from './stamp-sw.mjs';

if (process.env.TRUNK_PROFILE !== 'release') {
  stamp(process.env.TRUNK_STAGING_DIR);
  process.exit(0);
}
const here = path.dirname(new URL(import.meta.url).pathname);
let minify;
try {
  ({ minify } = createRequire(path.join(here, '..', 'tests', 'package.json'))('terser'));
} catch {
  console.warn('minify-glue: terser is not installed (run scripts/setup.sh); the JS glue stays unminified');
  stamp(process.env.TRUNK_STAGING_DIR);
  process.exit(0);
}
const file = path.join(process.env.TRUNK_STAGING_DIR, 'dnslens-web.js');
const src = fs.readFileSync(file, 'utf8');
const out = await minify(src, { module: true, compress: true, mangle: true });
fs.writeFileSync(file, out.code);
console.log(`minify-glue: dnslens-web.js ${src.length} → ${out.code.length} bytes`);
for (const f of ['boot.js', 'sw.js']) {
  const p = path.join(process.env.TRUNK_STAGING_DIR, f);
  fs.writeFileSync(p, (await minify(fs.readFileSync(p, 'utf8'), { module: f === 'boot.js', compress: true, mangle: true })).code);
}
stamp(process.env.TRUNK_STAGING_DIR);
