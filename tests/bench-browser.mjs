// Browser timing: the release build in headless Chromium. Time to first render of the empty app,
// and for a capture opened through the file input: time to the first rows, time to the complete
// list, whether the page kept painting meanwhile, and memory. Usage: node tests/bench-browser.mjs BIG.pcap
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const big = process.argv[2];
const server = await serve([['/', path.join(here, '..', 'dist')]]);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'] });

// First render of the empty app: from navigation to the paste box, five fresh pages, median.
const renders = [];
for (let i = 0; i < 5; i++) {
  const p = await browser.newPage();
  const t = Date.now();
  await p.goto(origin + '/');
  await p.waitForSelector('#paste');
  renders.push(Date.now() - t);
  await p.close();
}
renders.sort((a, b) => a - b);
console.log(`first render of the empty app: median ${renders[2]} ms (runs: ${renders.join(', ')} ms)`);
const size = fs.statSync(big).size;
const rendererPids = async () => ((await (await browser.newBrowserCDPSession()).send('SystemInfo.getProcessInfo').catch(() => null))?.processInfo ?? []).filter(p => p.type === 'renderer').map(p => p.id);
const status = (pid, key) => { try { return Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(key + ':\\s+(\\d+) kB'))[1]) * 1024; } catch { return 0; } };

// The capture through the file input, three times on fresh pages: time to the first rows, to
// the complete list, frames painted meanwhile; memory on the last run.
const runs = [];
let before = 0, peak = 0, count = '', heap = 0;
for (let run = 0; run < 3; run++) {
  const page = await browser.newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('#paste');
  // The renderer's resident memory before the file: Chromium and the app, not the capture.
  before = Math.max(0, ...(await rendererPids()).map(p => status(p, 'VmRSS')));
  // Count animation frames while the file is read and listed: a stalled page paints none.
  await page.evaluate(() => { window.__frames = 0; const f = () => { window.__frames++; requestAnimationFrame(f); }; requestAnimationFrame(f); });
  const t0 = Date.now();
  await page.setInputFiles('#file', big);
  await page.waitForSelector('.packets .pkt', { timeout: 600000 });
  const firstRows = Date.now() - t0;
  await page.waitForSelector('.packets[data-status="done"] .count', { timeout: 600000 });
  runs.push({ firstRows, complete: Date.now() - t0, frames: await page.evaluate(() => window.__frames) });
  count = await page.textContent('.packets .count');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  heap = Object.fromEntries((await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }))).metrics?.map(m => [m.name, m.value]) ?? []).JSHeapUsedSize;
  // Peak resident memory of the renderers (Linux /proc), which includes the WebAssembly memory.
  peak = Math.max(0, ...(await rendererPids()).map(p => status(p, 'VmHWM')));
  await page.close();
}
const median = k => runs.map(r => r[k]).sort((a, b) => a - b)[1];
const all = k => runs.map(r => r[k]).join(', ');
console.log(`${path.basename(big)} (${(size / 1e6).toFixed(1)} MB): ${count}; median of 3 runs: first rows after ${median('firstRows')} ms (${all('firstRows')}), complete list after ${median('complete')} ms (${all('complete')}); ${all('frames')} frames painted meanwhile`);
console.log(`JS heap used ${(heap / 1e6).toFixed(0)} MB (the WebAssembly memory is outside it)`);
if (peak) console.log(`renderer: ${(before / 1e6).toFixed(0)} MB with the empty app, peak ${(peak / 1e6).toFixed(0)} MB (${(peak / size).toFixed(2)} × the file); the capture added ${((peak - before) / 1e6).toFixed(0)} MB = ${((peak - before) / size).toFixed(2)} × the file size`);
await browser.close();
server.close();
