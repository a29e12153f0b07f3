// The offline app shell. After one visit the page loads and decodes with no network: every file
// of the shell is cached under the build's version, and served from there. A new build has a new
// VERSION (scripts/stamp-sw.mjs writes it at build time from the files' hash), so the browser
// installs the new worker beside the old one; the page then offers "new version — reload".
// Only this origin's files are ever fetched or cached.
const VERSION = '__DNSLENS_BUILD__';
const CACHE = `dnslens-${VERSION}`;
const SHELL = ['./', 'index.html', 'boot.js', 'dnslens-web.js', 'dnslens-web_bg.wasm', 'style.css',
  'dnslens.js', 'lesson.html', 'lesson.js', 'lesson.css', 'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('dnslens-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The page asks the waiting worker to take over when the reader chooses to reload.
self.addEventListener('message', (e) => {
  if (e.data === 'dnslens:update') self.skipWaiting();
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  e.respondWith(caches.open(CACHE)
    .then((c) => c.match(req, { ignoreSearch: true }))
    .then((hit) => hit || fetch(req)));
});
