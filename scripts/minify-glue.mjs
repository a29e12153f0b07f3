// Trunk post-build hook (Trunk.toml): minify wasm-bindgen's JS glue (and boot.js, sw.js) in release
// builds with terser, then stamp the service worker's version
// (Trunk's own JS minifier cannot parse the glue's `export default`). Without terser installed
// (scripts/setup.sh installs it with the test tools) the glue is left as it is, with a note.
import crypto from 'node:crypto';
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
// The style sheet: comments and the white space around punctuation go (Trunk copies it as
// written). A few rules, not a CSS parser: the sheet has no strings or url()s with spaces.
{
  const p = path.join(process.env.TRUNK_STAGING_DIR, 'style.css');
  if (fs.existsSync(p)) {
    const css = fs.readFileSync(p, 'utf8');
    const small = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1').replace(/;}/g, '}').trim();
    fs.writeFileSync(p, small);
    // Trunk wrote the sheet's subresource-integrity hash into index.html: make it the new one.
    const html = path.join(process.env.TRUNK_STAGING_DIR, 'index.html');
    const sri = 'sha384-' + crypto.createHash('sha384').update(small).digest('base64');
    fs.writeFileSync(html, fs.readFileSync(html, 'utf8')
      .replace(/(href="\.\/style\.css" integrity=")[^"]*"/, `$1${sri}"`));
  }
}
stamp(process.env.TRUNK_STAGING_DIR);
