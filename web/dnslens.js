// dnslens as a JavaScript module, for pages that want the data rather than the view:
//
//   import { decode } from './dnslens.js';
//   const msg = await decode('ea1a 8183 0001 ...');   // or a Uint8Array
//   msg.RCODEname  // "NXDOMAIN" — the same members as `dnslens decode --format json`
//
// Everything runs in the page; the WebAssembly file is loaded from beside this module.
import init, { decode as decodeNow } from './dnslens-web.js';

let ready;

export async function decode(hexOrBytes) {
  ready ??= init({ module_or_path: new URL('./dnslens-web_bg.wasm', import.meta.url) });
  await ready;
  return decodeNow(hexOrBytes);
}
