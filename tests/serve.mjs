// A tiny static server for dist/ (tests only): right MIME types, 127.0.0.1, random port.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.pcap': 'application/octet-stream', '.png': 'image/png' };

export function serve(roots) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    for (const [prefix, dir] of roots) {
      if (!rel.startsWith(prefix)) continue;
      let p = path.join(dir, rel.slice(prefix.length));
      if (!p.startsWith(dir)) break;
      if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
      if (!fs.existsSync(p)) break;
      res.writeHead(200, { 'content-type': TYPES[path.extname(p)] || 'application/octet-stream' });
      fs.createReadStream(p).pipe(res);
      return;
    }
    res.writeHead(404); res.end('not found');
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}
