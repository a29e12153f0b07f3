// Loads the app. An external module (not Trunk's inline loader) so the CSP needs no
// 'unsafe-inline'. Relative URLs: works from any static host and sub-path.
import init from './dnslens-web.js';

init({ module_or_path: new URL('./dnslens-web_bg.wasm', import.meta.url) }).catch((e) => {
  const p = document.createElement('p');
  p.className = 'panic shown';
  p.textContent = `dnslens could not start: ${e}`;
  document.body.append(p);
});

// Offline after one visit (web/sw.js). When a new build's worker is waiting, say so quietly and
// let the reader choose when to reload.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').then((reg) => {
    const offer = (worker) => {
      if (!worker || !navigator.serviceWorker.controller || document.getElementById('update')) return;
      const p = document.createElement('p');
      p.id = 'update';
      p.className = 'update';
      p.setAttribute('role', 'status');
      p.append('A new version of dnslens is ready. ');
      const b = document.createElement('button');
      b.textContent = 'Reload';
      b.onclick = () => worker.postMessage('dnslens:update');
      p.append(b);
      document.body.append(p);
    };
    offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      w?.addEventListener('statechange', () => { if (w.state === 'installed') offer(w); });
    });
  }).catch(() => {});
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !document.getElementById('update')) return;
    reloading = true;
    location.reload();
  });
}
