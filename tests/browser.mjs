// Browser tests: the built dist/ served on 127.0.0.1, driven in Debian's headless Chromium with
// playwright-core. Screenshots land in tests/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, '..');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const server = await serve([['/test-pages/', path.join(here, 'pages')], ['/course/week-3/dnslens/', path.join(root, 'dist')], ['/', path.join(root, 'dist')]]);
const origin = `http://127.0.0.1:${server.address().port}`;
// playwright-core gives every launch a fresh, empty profile directory of its own.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});

let failures = 0;
const problems = [];
async function test(name, fn) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', m => { if (m.type() === 'error') problems.push(`${name}: console error: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`${name}: page error: ${e.message}`));
  page.on('request', r => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:')) problems.push(`${name}: request outside the origin: ${u}`);
  });
  try {
    await page.goto(origin + '/');
    await page.waitForSelector('#paste');
    await fn(page);
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${e.stack || e}`);
    await page.screenshot({ path: path.join(artifacts, `fail-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
  }
  await page.close();
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const seed = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'seeds', '002-nxdomain-tcpdump.txt'), 'utf8');
const seedDump = seed.split('\n').filter(l => l.startsWith('01:00:09') || l.startsWith('0x00')).join('\n');

async function selectRow(page, name, nth = 0) {
  const rows = page.locator('.tree .row', { has: page.locator('.fname', { hasText: new RegExp(`^${name}$`) }) });
  await rows.nth(nth).click();
}
async function highlighted(page, cls = 'hl') {
  return page.$$eval(`.hex .b.${cls}`, els => els.map(e => Number(e.dataset.off)));
}

await test('seed tcpdump dump pasted as-is shows NXDOMAIN, SOA, RCODE byte and pointer target', async page => {
  await page.fill('#paste', seedDump);
  await page.waitForSelector('#summary');
  const summary = await page.textContent('#summary');
  assert(summary.includes('NXDOMAIN') && summary.includes('0xea1a'), `summary: ${summary}`);
  const tree = await page.textContent('.tree');
  assert(tree.includes('SOA') && tree.includes('rbldns0.sorbs.net.'), 'SOA missing from the tree');
  await selectRow(page, 'RCODE');
  const hl = await highlighted(page);
  assert(JSON.stringify(hl) === JSON.stringify([0x1f]), `RCODE highlights ${JSON.stringify(hl)}, want [31]`);
  // The authority owner name is the pointer c0 19 at DNS offset 46 = packet offset 74.
  await selectRow(page, 'Pointer', 0);
  assert(JSON.stringify(await highlighted(page)) === JSON.stringify([74, 75]), 'pointer bytes not highlighted');
  const target = await highlighted(page, 'target');
  assert(JSON.stringify(target) === JSON.stringify([28 + 0x19]), `pointer target ${JSON.stringify(target)}`);
  await page.click('.jump');
  const sel = await page.getAttribute('.tree .row.sel', 'data-span');
  assert(sel === `${28 + 0x19}-${28 + 0x1a}`, `after jumping, selected span ${sel}`);
  // Clicking a hex byte selects its field in the tree.
  await page.click('.hex .b[data-off="28"]');
  const name = await page.textContent('.tree .row.sel .fname');
  assert(name === 'ID', `byte 28 selected ${name}`);
});

await test('a corpus pcap through the file input lists every message', async page => {
  const file = path.join(root, 'tests', 'corpus', 'captures', 'pcapplusplus__Dns.pcap');
  const oracle = fs.readFileSync(path.join(root, 'tests', 'corpus', 'oracle-out', 'pcapplusplus__Dns.pcap.dnspython.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
  await page.setInputFiles('#file', file);
  await page.waitForSelector('.packets[data-status="done"] .count');
  const count = await page.textContent('.packets .count');
  assert(count === `${oracle.length} DNS messages`, `count: ${count}, oracle ${oracle.length}`);
  const rows = await page.$$eval('.packets .pkt', trs => trs.map(t => [...t.children].map(c => c.textContent)));
  assert(rows.length === oracle.length, `rows: ${rows.length}`);
  for (let i = 0; i < rows.length; i++) {
    assert(Number(rows[i][0]) === oracle[i].frame, `row ${i} frame ${rows[i][0]} vs ${oracle[i].frame}`);
    const id = '0x' + oracle[i].id.toString(16).padStart(4, '0');
    assert(rows[i][5].includes(id), `row ${i} info ${rows[i][5]} lacks ${id}`);
  }
  await page.click('.packets .pkt >> nth=1');
  assert((await page.textContent('#summary')).includes('0x' + oracle[1].id.toString(16).padStart(4, '0')), 'picking a row shows it');
  // A capture of one message says so in the singular.
  await page.setInputFiles('#file', path.join(root, 'tests', 'corpus', 'captures', 'tcpdump__ipv4_invalid_total_length.pcap'));
  await page.waitForFunction(() => document.querySelector('.packets[data-status="done"] .count')?.textContent === '1 DNS message', null, { timeout: 10000 })
    .catch(async () => assert(false, `one message: ${await page.textContent('.packets .count')}`));
});

await test('a browser without byte streams reads the file in slices and lists the same messages', async page => {
  await page.addInitScript(() => { delete window.ReadableStreamBYOBReader; });
  await page.reload();
  await page.waitForSelector('#paste');
  assert(await page.evaluate(() => typeof window.ReadableStreamBYOBReader) === 'undefined', 'stream reader still there');
  const file = path.join(root, 'tests', 'corpus', 'captures', 'pcapplusplus__Dns.pcap');
  const oracle = fs.readFileSync(path.join(root, 'tests', 'corpus', 'oracle-out', 'pcapplusplus__Dns.pcap.dnspython.jsonl'), 'utf8').trim().split('\n');
  await page.setInputFiles('#file', file);
  await page.waitForSelector('.packets[data-status="done"] .count');
  assert((await page.textContent('.packets .count')) === `${oracle.length} DNS messages`, await page.textContent('.packets .count'));
});

await test('a malformed message shows its diagnostics; HTML in names is text', async page => {
  await page.selectOption('#examples', { label: 'Compression loop — malformed (zlip)' });
  await page.waitForSelector('.diag.error');
  const diags = await page.textContent('.diags');
  assert(/pointer/.test(diags), `diagnostics: ${diags}`);
  // A query whose name holds <script>...</script>.
  const label = Buffer.from('<script>window.__owned=1</script>');
  const msg = Buffer.concat([Buffer.from('123401000001000000000000', 'hex'), Buffer.from([label.length]), label, Buffer.from('0000010001', 'hex')]);
  await page.fill('#paste', msg.toString('hex'));
  await page.waitForSelector('#summary');
  const tree = await page.textContent('.tree');
  // (the dot inside the label is escaped as \. in presentation format, as dig does)
  assert(tree.includes('<script>window\\.__owned=1</script>.'), 'the name is not shown as text');
  assert(await page.evaluate(() => window.__owned === undefined), 'the name ran as script');
  assert((await page.$$('.app script')).length === 0, 'a script element was created');
});

await test('bad input gives a clear error and never a blank page', async page => {
  await page.fill('#paste', '45 00 zz');
  await page.waitForSelector('.error');
  const e = await page.textContent('.error');
  assert(e.includes('line 1') && e.includes('column 7'), `error: ${e}`);
  await page.fill('#paste', Buffer.alloc(3000, 0xff).toString('hex'));
  await page.waitForSelector('#summary');
});


await test('flag grid, name strip and export agree with the engine', async page => {
  await page.fill('#paste', seedDump);
  await page.waitForSelector('.flaggrid');
  const arith = await page.textContent('.flaggrid .arith');
  assert(arith.startsWith('0x8183 = 1000 0001 1000 0011 →') && arith.includes('QR=1') && arith.includes('RCODE=0011 (NXDOMAIN)') && arith.includes('Opcode=0000 (QUERY)'), `arithmetic: ${arith}`);
  const names = await page.$$eval('.flaggrid .bitname td', tds => tds.map(t => [t.textContent, t.colSpan]));
  assert(JSON.stringify(names) === JSON.stringify([['QR', 1], ['Opcode', 4], ['AA', 1], ['TC', 1], ['RD', 1], ['RA', 1], ['Z', 1], ['AD', 1], ['CD', 1], ['RCODE', 4]]), `grid: ${JSON.stringify(names)}`);
  // Clicking the RCODE cells selects the RCODE field, i.e. packet byte 0x1f.
  await page.click('.flaggrid .bitname td:last-child');
  assert(JSON.stringify(await highlighted(page)) === JSON.stringify([0x1f]), 'grid click did not select RCODE');
  // The SOA owner: a pointer box in the name strip that follows to dnsbl.sorbs.net.
  await selectRow(page, 'Pointer', 0);
  const strip = await page.textContent('.namestrip');
  assert(strip.includes('c0 19') && strip.includes('pointer → byte 53') && strip.includes('follow: 3.45.191.206.dnsbl.sorbs.net.'), `strip: ${strip}`);
  await page.click('.namestrip .follow');
  assert((await page.getAttribute('.tree .row.sel', 'data-span')) === '53-54', 'follow did not select the target');
  // Export JSON = the CLI's JSON for the same DNS message.
  await page.click('#copy-json');
  const json = JSON.parse(await page.inputValue('#export-text'));
  const dnsHex = json.messageOctetsHEX;
  const cli = spawnSync(path.join(root, 'target', 'debug', 'dnslens'), ['decode', dnsHex, '--format', 'json'], { encoding: 'utf8' });
  assert(cli.status === 0, `cli: ${cli.stderr}`);
  assert(JSON.stringify(json) === JSON.stringify(JSON.parse(cli.stdout)), 'web JSON differs from the CLI');
  await page.click('#copy-dig');
  assert((await page.inputValue('#export-text')).includes('status: NXDOMAIN'), 'dig export');
  // Another message on screen: the export of the previous one is gone, not left to be copied.
  await page.fill('#paste', '010000000001000000000000076369746164656C03636F6D0000010001');
  await page.waitForFunction(() => document.getElementById('summary')?.textContent.includes('0x0100'));
  assert((await page.$('#export-text')) === null, 'the previous export text is still shown');
  await page.fill('#paste', seedDump);
  await page.waitForFunction(() => document.getElementById('summary')?.textContent.includes('0xea1a'));
  // Clicking a diagnostic selects the bytes it is about (the IPv4 checksum, bytes 10..12).
  await page.click('.diag .at >> nth=0');
  assert((await page.textContent('.tree .row.sel .fname')) === 'Header checksum', 'diagnostic click');
});

await test('100,000 messages: list filled, only visible rows in the DOM, keyboard and filter work', async page => {
  // Build a capture of 100,000 DNS messages from the two frames of a corpus file.
  const src = fs.readFileSync(path.join(root, 'tests', 'corpus', 'captures', 'tcpdump__dns_udp.pcap'));
  const frames = [];
  for (let off = 24; off + 16 <= src.length;) { const cap = src.readUInt32LE(off + 8); frames.push(src.subarray(off, off + 16 + cap)); off += 16 + cap; }
  const parts = [src.subarray(0, 24)];
  for (let i = 0; i < 50000; i++) parts.push(frames[0], frames[1]);
  const big = path.join(artifacts, 'big-100k.pcap');
  fs.writeFileSync(big, Buffer.concat(parts));
  const t0 = Date.now();
  await page.setInputFiles('#file', big);
  await page.waitForSelector('.packets[data-status="done"] .count', { timeout: 120000 });
  const secs = (Date.now() - t0) / 1000;
  assert((await page.textContent('.packets .count')) === '100000 DNS messages', 'count');
  const domRows = (await page.$$('.packets .pkt')).length;
  assert(domRows > 10 && domRows < 100, `rows in the DOM: ${domRows}`);
  await page.focus('.packets .viewport');
  await page.keyboard.press('End');
  await page.waitForSelector('.pkt.cur[data-row="99999"]');
  await page.keyboard.press('ArrowUp');
  await page.waitForSelector('.pkt.cur[data-row="99998"]');
  assert((await page.textContent('#summary')).startsWith('Standard query 0x5934'), 'keyboard selection shows the message');
  await page.fill('#filter', 'response');
  await page.waitForSelector('.packets .shown');
  assert((await page.textContent('.packets .shown')) === ' (50000 shown)', 'filter');
  await page.check('#errors-only');
  await page.waitForSelector('.packets .shown:text(" (0 shown)")');
  console.log(`     (100,000 messages listed in ${secs.toFixed(1)} s)`);
  fs.unlinkSync(big);
});

await test('a large capture lists as it is read: first rows at once, a progress bar, Stop keeps what was listed', async page => {
  const src = fs.readFileSync(path.join(root, 'tests', 'corpus', 'captures', 'tcpdump__dns_udp.pcap'));
  const frames = [];
  for (let off = 24; off + 16 <= src.length;) { const cap = src.readUInt32LE(off + 8); frames.push(src.subarray(off, off + 16 + cap)); off += 16 + cap; }
  const pair = Buffer.concat(frames);
  const n = 300000;
  const big = path.join(artifacts, 'big-600k.pcap');
  fs.writeFileSync(big, Buffer.concat([src.subarray(0, 24), Buffer.concat(Array(n).fill(pair))]));
  // Count painted frames: a page that lists in one blocking pass paints none meanwhile.
  await page.evaluate(() => { window.__frames = 0; const f = () => { window.__frames++; requestAnimationFrame(f); }; requestAnimationFrame(f); });
  await page.setInputFiles('#file', big);
  await page.waitForSelector('.packets[data-status="reading"] #load-progress');
  const first = await page.textContent('.packets .count');
  const firstCount = Number(first.split(' ')[0]);
  assert(firstCount > 0 && firstCount < 2 * n, `first rows: ${first}`);
  assert((await page.$$('.packets .pkt')).length > 10, 'first rows drawn');
  await page.click('#stop');
  await page.waitForSelector('.packets[data-status="stopped"]');
  const stopped = Number((await page.textContent('.packets .count')).split(' ')[0]);
  assert(stopped >= firstCount && stopped < 2 * n, `stopped at ${stopped}`);
  assert((await page.textContent('.packets .loading')).includes('not read'), 'says the rest was not read');
  // What was listed stays usable.
  await page.focus('.packets .viewport');
  await page.keyboard.press('End');
  await page.waitForSelector(`.pkt.cur[data-row="${stopped - 1}"]`);
  assert((await page.textContent('#summary')).length > 10, 'last listed row shows');
  await page.waitForTimeout(300);
  assert(Number((await page.textContent('.packets .count')).split(' ')[0]) === stopped, 'nothing listed after Stop');
  assert((await page.evaluate(() => window.__frames)) > 2, 'the page kept painting');
  // A filter typed while the file is read applies to the rows listed after it too.
  await page.setInputFiles('#file', big);
  await page.waitForSelector('.packets[data-status="reading"] #load-progress');
  await page.fill('#filter', 'response');
  await page.waitForTimeout(150);
  await page.click('#stop').catch(() => {});
  await page.waitForSelector('.packets:not([data-status="reading"])');
  const listed = Number((await page.textContent('.packets .count')).split(' ')[0]);
  const shown = Number((await page.textContent('.packets .shown')).match(/\d+/)[0]);
  assert(shown === Math.floor(listed / 2), `filter while reading: ${shown} of ${listed} shown`);
  await page.fill('#filter', '');
  // A second file while the first is still being read: the first stops, the second is listed.
  await page.setInputFiles('#file', big);
  await page.waitForSelector('.packets[data-status="reading"] #load-progress');
  await page.setInputFiles('#file', path.join(root, 'tests', 'corpus', 'captures', 'tcpdump__dns_udp.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  await page.waitForTimeout(500);
  assert((await page.textContent('.packets .count')) === '2 DNS messages', `after a second file: ${await page.textContent('.packets .count')}`);
  fs.unlinkSync(big);
  // A file too large for a browser tab gets a clear message, and the page stays as it was.
  const huge = path.join(artifacts, 'huge.pcap');
  fs.closeSync(fs.openSync(huge, 'w'));
  fs.truncateSync(huge, 600 * 1024 * 1024); // sparse: no disk used
  await page.setInputFiles('#file', huge);
  await page.waitForSelector('.error');
  assert((await page.textContent('.error')).includes('opens files up to 512 MB'), await page.textContent('.error'));
  assert((await page.textContent('.packets .count')) === '2 DNS messages', 'the listed rows stay');
  fs.unlinkSync(huge);
});


const EXAMPLE_LABELS = await (async () => {
  const page = await browser.newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('#examples');
  const labels = await page.$$eval('#examples option', os => os.map(o => o.textContent).filter(t => t !== 'Examples…'));
  await page.close();
  return labels;
})();

async function treeState(page) {
  return page.evaluate(() => ({
    tree: [...document.querySelectorAll('.tree .row')].map(r => r.dataset.path + ' ' + r.querySelector('.fname').textContent + (r.querySelector('.fval')?.textContent || '')).join('\n'),
    sel: document.querySelector('.tree .row.sel')?.dataset.path ?? null,
    hl: [...document.querySelectorAll('.hex .b.hl')].map(b => b.dataset.off).join(','),
  }));
}

await test('every example survives a permalink: same tree, same selection, same open nodes', async page => {
  assert(EXAMPLE_LABELS.length >= 9, `examples: ${EXAMPLE_LABELS.length}`);
  for (const label of EXAMPLE_LABELS) {
    await page.selectOption('#examples', { label });
    await page.waitForSelector('#summary');
    // Select the last visible field and close the first section, so the link has state to carry.
    const rows = page.locator('.tree .row');
    await rows.nth((await rows.count()) - 1).click();
    await page.locator('.tree .row .twisty >> nth=1').click();
    const before = await treeState(page);
    await page.click('#copy-link');
    const url = await page.inputValue('#export-text');
    assert(url.startsWith(origin + '/#v1.'), `link: ${url.slice(0, 60)}`);
    const other = await browser.newPage();
    await other.goto(url);
    await other.waitForSelector('#summary');
    const after = await treeState(other);
    await other.close();
    assert(after.tree === before.tree, `${label}: tree differs after the link`);
    assert(after.sel === before.sel && after.hl === before.hl, `${label}: selection ${after.sel} vs ${before.sel}`);
  }
  // The seed NXDOMAIN link is short.
  await page.selectOption('#examples', { label: EXAMPLE_LABELS[0] });
  await page.waitForSelector('#summary');
  await page.click('#copy-link');
  const url = await page.inputValue('#export-text');
  assert(url.length - origin.length < 300, `seed link is ${url.length} characters`);
});

await test('a capture message link carries that message only, and says so', async page => {
  await page.setInputFiles('#file', path.join(root, 'tests', 'corpus', 'captures', 'tcpdump__dns_tcp.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  await page.click('.packets .pkt >> nth=1');
  assert((await page.textContent('#copy-link')).includes('this message only'), 'button label');
  const before = await treeState(page);
  await page.click('#copy-link');
  const url = await page.inputValue('#export-text');
  const other = await browser.newPage();
  await other.goto(url);
  await other.waitForSelector('.notice');
  assert((await other.textContent('.notice')).includes('not the whole capture'), 'notice');
  assert((await treeState(other)).tree === before.tree, 'tree');
  assert((await other.$$('.packets')).length === 0, 'no packet list from a link');
  await other.close();
});

await test('hostile fragments: clear message, empty page ready for input, no hang', async page => {
  const bomb = zlib.deflateRawSync(Buffer.alloc(50 << 20)).toString('base64url');
  const cases = [['v9.AAAA', 'format "v9"'], ['v1.@@@@', 'base64url'], ['v1.' + bomb, 'decompress'],
    ['v1.' + 'A'.repeat(1 << 20), 'characters long'], ['v1.' + zlib.deflateRawSync(Buffer.from([0, 0, 0, 200, 1])).toString('base64url'), 'damaged']];
  for (const [frag, want] of cases) {
    const t0 = Date.now();
    await page.goto(origin + '/#' + frag);
    await page.waitForSelector('.error', { timeout: 10000 });
    const e = await page.textContent('.error');
    assert(e.includes('could not be opened') && e.includes(want), `${frag.slice(0, 12)}: ${e}`);
    assert(Date.now() - t0 < 8000, 'slow');
    assert((await page.inputValue('#paste')) === '', 'the paste box is empty');
  }
  await page.fill('#paste', '010000000001000000000000076369746164656C03636F6D0000010001');
  await page.waitForSelector('#summary');
});

await test('back and forward move between decoded states', async page => {
  await page.selectOption('#examples', { label: EXAMPLE_LABELS.find(l => l.includes('citadel')) });
  await page.waitForSelector('#summary:has-text("0x0100")');
  await page.selectOption('#examples', { label: EXAMPLE_LABELS[0] });
  await page.waitForSelector('#summary:has-text("0xea1a")');
  await selectRow(page, 'RCODE');
  await page.goBack();
  await page.waitForSelector('#summary:has-text("0x0100")');
  await page.goForward();
  await page.waitForSelector('#summary:has-text("0xea1a")');
  assert((await page.textContent('.tree .row.sel .fname')) === 'RCODE', 'selection restored by forward');
});

await test('embed: preselected field, no chrome, fits 600 px, reports its height', async page => {
  await page.selectOption('#examples', { label: EXAMPLE_LABELS[0] });
  await selectRow(page, 'RCODE');
  await page.click('#copy-embed');
  const snippet = await page.inputValue('#export-text');
  const src = snippet.match(/src="([^"]+)"/)[1];
  assert(src.includes('#embed.v1.'), snippet);
  await page.goto(origin + '/test-pages/embed-test.html#' + src.split('#')[1]);
  const frame = page.frameLocator('#f');
  await frame.locator('.tree .row.sel').waitFor();
  assert((await frame.locator('.tree .row.sel .fname').textContent()) === 'RCODE', 'preselected');
  assert((await frame.locator('#paste').count()) === 0 && (await frame.locator('.packets').count()) === 0, 'chrome in the embed');
  assert((await frame.locator('.open-full a').getAttribute('href')).startsWith('./#v1.'), 'open in dnslens link');
  await page.waitForFunction(() => window.heights.length > 0);
  const h = await page.evaluate(() => window.heights[window.heights.length - 1]);
  assert(h > 200, `height ${h}`);
  const f = page.frames().find(x => x.url().includes('#embed.'));
  const [sw, cw] = await f.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(sw <= cw, `horizontal scroll in the embed: ${sw} > ${cw}`);
  await page.screenshot({ path: path.join(artifacts, 'embed.png'), fullPage: true });
});

await test('the lesson page drives the embed by postMessage and decode() returns the model', async page => {
  await page.goto(origin + '/lesson.html');
  await page.waitForFunction(() => document.body.dataset.decoded === 'NXDOMAIN');
  const decoded = JSON.parse(await page.textContent('#decoded'));
  const cli = spawnSync(path.join(root, 'target', 'debug', 'dnslens'), ['decode', decoded.messageOctetsHEX, '--format', 'json'], { encoding: 'utf8' });
  assert(JSON.stringify(decoded) === JSON.stringify(JSON.parse(cli.stdout)), 'decode() differs from the CLI JSON');
  await page.frameLocator('#packet').locator('#summary').waitFor();
  // Step 1, "the flags": the DNS header's Flags (packet bytes 30–31), not IPv4's.
  await page.click('#step-flags');
  await page.waitForFunction(() => document.getElementById('said').textContent.startsWith('Flags'));
  assert((await page.textContent('#said')).includes('bytes 30–31'), await page.textContent('#said'));
  // An unknown field is reported back as an error, and the selection stays.
  await page.evaluate(() => document.getElementById('packet').contentWindow.postMessage({ type: 'dnslens:select', field: 'Nope' }, '*'));
  await page.waitForFunction(() => (JSON.parse(document.body.dataset.lastState || '{}').error || '').includes('Nope'));
  await page.click('#step-rcode');
  await page.waitForFunction(() => document.getElementById('said').textContent.startsWith('RCODE'));
  assert((await page.textContent('#said')).includes('bytes 31–31'), await page.textContent('#said'));
  await page.click('#step-authority');
  await page.click('#step-pointer');
  await page.waitForFunction(() => document.getElementById('said').textContent.startsWith('Pointer'));
  const height = await page.$eval('#packet', f => f.getBoundingClientRect().height);
  assert(height > 400, `the frame was not resized: ${height}`);
  // decode() on the seed packets, from a module import in the page.
  const r = await page.evaluate(async () => {
    const m = await import('./dnslens.js');
    const q = await m.decode('010000000001000000000000076369746164656C03636F6D0000010001');
    const b = await m.decode(new Uint8Array([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]));
    return [q.ID, q.questionRRs[0].NAME, b.questionRRs[0].NAME, b.ID];
  });
  assert(JSON.stringify(r) === JSON.stringify([256, 'citadel.com.', '.', 0x1234]), JSON.stringify(r));
  await page.screenshot({ path: path.join(artifacts, 'lesson.png'), fullPage: true });
});


await test('hostile input never freezes the page', async page => {
  // 65,535 answer records in one message: decoded, the page stays responsive, DOM bounded.
  const recs = Buffer.alloc(65535 * 11);
  for (let i = 0; i < 65535; i++) recs.set([0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0], i * 11);
  const big = Buffer.concat([Buffer.from('123481800000ffff00000000', 'hex'), recs]);
  let t0 = Date.now();
  await page.fill('#paste', big.toString('hex'));
  await page.waitForSelector('#summary', { timeout: 60000 });
  const secs = (Date.now() - t0) / 1000;
  assert((await page.$$('.tree .row')).length < 3000, 'tree rows not capped');
  assert((await page.textContent('.tree')).includes('… and 65235 more'), 'no "more" note');
  assert(await page.evaluate(() => new Promise(r => requestAnimationFrame(() => r(true)))), 'frame');
  console.log(`     (65,535 records decoded and shown in ${secs.toFixed(1)} s)`);
  // Megabytes of text: refused with a clear message, quickly.
  t0 = Date.now();
  await page.evaluate(() => { const t = document.getElementById('paste'); t.value = 'ab'.repeat(1.5 * 1024 * 1024); t.dispatchEvent(new InputEvent('input', { bubbles: true })); });
  await page.waitForSelector('.error');
  assert((await page.textContent('.error')).includes('MB of text'), await page.textContent('.error'));
  assert(Date.now() - t0 < 10000, 'slow refusal');
  // Binary garbage as a file: a clear message, the page still usable.
  const junk = path.join(artifacts, 'junk.bin');
  fs.writeFileSync(junk, Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7919 + 13) & 0xff)));
  await page.setInputFiles('#file', junk);
  await page.waitForSelector('.error:has-text("not a pcap or pcapng file")');
  fs.unlinkSync(junk);
  await page.fill('#paste', '010000000001000000000000076369746164656C03636F6D0000010001');
  await page.waitForSelector('#summary:has-text("citadel.com.")');
  // A file of text the paste box reads (a tcpdump -x dump): pasted there, and decoded.
  const dump = path.join(artifacts, 'nxdomain.txt');
  const dumpText = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'dumps', 'tcpdump-x.txt'), 'utf8');
  fs.writeFileSync(dump, dumpText);
  await page.setInputFiles('#file', dump);
  await page.waitForFunction(t => document.getElementById('paste').value === t, dumpText);
  await page.waitForSelector('#summary:has-text("www.tcpdump.org")');
  assert(!(await page.$('.error')), 'a dump file was refused');
  fs.unlinkSync(dump);
});


await test('dist/ works from a sub-path of any static host', async page => {
  await page.goto(origin + '/course/week-3/dnslens/');
  await page.waitForSelector('#paste');
  await page.selectOption('#examples', { index: 1 });
  await page.waitForSelector('#summary:has-text("NXDOMAIN")');
  await page.click('#copy-link');
  assert((await page.inputValue('#export-text')).startsWith(origin + '/course/week-3/dnslens/#v1.'), 'link keeps the sub-path');
});

await test('themes: light and dark screenshots', async page => {
  await page.fill('#paste', seedDump);
  await page.waitForSelector('#summary');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(artifacts, 'theme-light.png'), fullPage: true });
  await page.click('.theme');
  await page.waitForSelector('.theme-dark');
  const bg = await page.$eval('.app', el => getComputedStyle(el).backgroundColor);
  assert(bg === 'rgb(18, 18, 18)', `dark background: ${bg}`);
  await page.screenshot({ path: path.join(artifacts, 'theme-dark.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(artifacts, 'phone.png'), fullPage: true });
});

await browser.close();
server.close();
for (const p of problems) { console.log(`FAIL ${p}`); failures++; }
console.log(failures ? `${failures} browser test failure(s)` : 'all browser tests passed');
process.exit(failures ? 1 : 0);
