// Loads the app. An external module (not Trunk's inline loader) so the CSP needs no
// 'unsafe-inline'. Relative URLs: works from any static host and sub-path.
import init from './dnslens-web.js';

init({ module_or_path: new URL('./dnslens-web_bg.wasm', import.meta.url) }).catch((e) => {
  const p = document.createElement('p');
  p.className = 'panic shown';
  p.textContent = `dnslens could not start: ${e}`;
  document.body.append(p);
});
