// Browser tests for the page a learner reads (issue 13): the selection revealed in both panes,
// a layout that does not move under the cursor, the detail panel, the keyboard tree, the theme
// choice, the packet list's rows and phone layout, hostile messages. Same setup as browser.mjs:
// the built dist/ served on 127.0.0.1, Debian's headless Chromium through playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, '..');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const server = await serve([['/', path.join(root, 'dist')]]);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

let failures = 0;
async function test(name, fn, viewport = { width: 1200, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  try {
    await page.goto(origin + '/');
    await page.waitForSelector('#paste');
    await fn(page, context);
    if (problems.length) throw new Error(problems.join('\n'));
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${e.stack || e}`);
    await page.screenshot({ path: path.join(artifacts, `fail-page-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
  }
  await context.close();
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const seed = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'seeds', '002-nxdomain-tcpdump.txt'), 'utf8');
const seedDump = seed.split('\n').filter(l => l.startsWith('01:00:09') || l.startsWith('0x00')).join('\n');
const oracle = name => fs.readFileSync(path.join(root, 'tests', 'corpus', 'oracle-out', `${name}.dnspython.jsonl`), 'utf8')
  .trim().split('\n').map(l => JSON.parse(l));
const capture = name => path.join(root, 'tests', 'corpus', 'captures', name);

async function paste(page, text) {
  await page.fill('#paste', text);
  await page.waitForSelector('#summary');
}
const rect = (page, sel) => page.$eval(sel, el => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; });
async function rowByName(page, name, nth = 0) {
  return page.locator('.tree .row', { has: page.locator('.fname', { hasText: new RegExp(`^${name}$`) }) }).nth(nth);
}

await test('a hex click reveals its row in the window without moving the byte; a tree row reveals its bytes in the hex view', async page => {
  await paste(page, seedDump);
  // Byte 74 is inside the SOA's owner name: its pointer row is deep in the tree, below the fold.
  const byte = await rect(page, '.hex .b[data-off="74"]');
  const [x, y] = [byte.left + byte.width / 2, byte.top + byte.height / 2];
  const below = await page.evaluate(() => document.querySelector('.treepane').getBoundingClientRect().bottom > innerHeight);
  assert(below, 'the tree reaches below the window (else this test shows nothing)');
  await page.mouse.click(x, y);
  await page.waitForSelector('.tree .row.sel');
  const row = await rect(page, '.tree .row.sel');
  const h = await page.evaluate(() => innerHeight);
  assert(row.top >= 0 && row.bottom <= h, `selected row ${JSON.stringify(row)} outside the window (0–${h})`);
  assert(await page.evaluate(() => scrollY > 0), 'the page scrolled to the row');
  // The page is the scroller, not the tree pane; the byte clicked is still under the pointer.
  assert(await page.$eval('.treepane', el => el.scrollHeight <= el.clientHeight + 1), 'the tree pane scrolls on its own');
  assert(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.dataset.off, [x, y]) === '74', 'the byte moved from under the pointer');
  // The reader's own scrolling lets the hex pane go back to the top of the window, and it stays there.
  await page.mouse.wheel(0, 400);
  await page.waitForFunction(() => Math.abs(document.querySelector('.hexpane').getBoundingClientRect().top) < 2);
  // A 3 KB DNSSEC answer: its last record's bytes start far below the hex view's first rows.
  const big = oracle('tcpdump__dnssec.pcap').find(v => v.hex.length > 5000);
  await paste(page, big.hex);
  const last = await page.$$eval('.tree li[role=treeitem]', lis => lis.filter(li => /^[0-9.]+$/.test(li.dataset.path) && li.dataset.path.split('.').length === 2).map(li => li.dataset.path).pop());
  await page.click(`.tree .row[data-path="${last}"]`);
  await page.waitForFunction(() => document.querySelector('.hex .b.hl'));
  const hex = await rect(page, '.hex');
  const first = await rect(page, '.hex .b.hl');
  assert(first.top >= hex.top - 1 && first.bottom <= hex.bottom + 1, `selected bytes ${JSON.stringify(first)} not in the hex view ${JSON.stringify(hex)}`);
});

await test('another message lets a held hex pane go: no stretched panes, no offset', async page => {
  await paste(page, seedDump);
  await page.click('.hex .b[data-off="74"]');
  await page.waitForSelector('.tree .row.sel');
  const held = () => page.$eval('.panes', el => [el.style.minHeight, el.querySelector('.hexpane').style.top]);
  assert((await held())[1] !== '', 'the pane was not held (so this shows nothing)');
  const big = oracle('tcpdump__dnssec.pcap').find(v => v.hex.length > 5000);
  await page.fill('#paste', big.hex);
  await page.waitForFunction(() => document.querySelectorAll('.tree li').length > 60);
  assert((await held()).join('') === '', `still held after another message: ${await held()}`);
});

await test('the name strip keeps its place: the hex view does not move when a name is picked', async page => {
  await paste(page, seedDump);
  // Where the hex view is on the screen (the page may scroll to a row: the sticky pane stays).
  const top = async () => page.$eval('.hex', el => el.getBoundingClientRect().top);
  const before = await top();
  await page.click('.hex .b[data-off="41"]'); // a label of the question name
  await page.waitForSelector('.namestrip .nbox');
  const named = await top();
  await page.click('.hex .b[data-off="28"]'); // the ID: no name
  await page.waitForFunction(() => !document.querySelector('.namestrip .nbox'));
  const after = await top();
  assert(before === named && named === after, `hex view top moved: ${before} → ${named} → ${after}`);
});

await test('the detail panel: the header before any click, then the field picked, in both offsets, with its meaning', async page => {
  await paste(page, seedDump);
  let d = await page.textContent('#detail');
  assert(d.includes('DNS header') && d.includes('Header'), `before a click: ${d}`);
  // Before a click, hovering shows a field's explanation too.
  await page.hover('.hex .b[data-off="28"]');
  await page.waitForFunction(() => document.querySelector('#detail').textContent.includes('under the pointer'));
  assert((await page.textContent('#detail')).includes('ID'), await page.textContent('#detail'));
  await page.click('.hex .b[data-off="96"]'); // RNAME's first length byte
  await (await rowByName(page, 'RNAME')).click();
  await page.mouse.move(5, 5);
  d = await page.textContent('#detail');
  assert(d.includes('RNAME') && d.includes('dns.isux.com.') && d.includes('dns@isux.com'), `RNAME: ${d}`);
  // Packet offsets and DNS-message offsets, saying which is which (the message starts at 28).
  const m = d.match(/(\d+)–(\d+) counted from the first byte shown; (\d+)–(\d+) counted from the DNS message/);
  assert(m && Number(m[1]) - Number(m[3]) === 28 && Number(m[2]) - Number(m[4]) === 28, `offsets: ${d}`);
  assert(await page.$('#detail .drfc a[href*="rfc1035"]'), 'RFC link');
  await page.click('.hex .b[data-off="110"]');
  d = await page.textContent('#detail');
  assert(d.includes('1125965950') && d.includes('zone version'), `Serial: ${d}`);
  // The seed's checksums do not match its (rewritten) addresses: the panel says why that may be.
  await page.click('.hex .b[data-off="10"]');
  d = await page.textContent('#detail');
  assert(d.includes('rewritten'), `checksum: ${d}`);
});

await test('the tree is one Tab stop and moves with the arrow keys', async page => {
  await paste(page, seedDump);
  const stops = await page.$$eval('.tree [tabindex="0"]', els => els.length);
  assert(stops === 1, `tab stops in the tree: ${stops}`);
  await page.focus('.tree li[tabindex="0"]');
  const sel = () => page.$eval('.tree .row.sel', r => r.dataset.path).catch(() => null);
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('.tree .row.sel'));
  const first = await sel();
  await page.keyboard.press('ArrowDown');
  const second = await sel();
  assert(first !== null && second !== null && first !== second, `down, down: ${first}, ${second}`);
  assert(await page.evaluate(() => document.activeElement?.dataset.path) === second, 'focus follows the selection');
  await page.keyboard.press('ArrowUp');
  assert(await sel() === first, 'up goes back');
  await page.keyboard.press('End');
  const end = await sel();
  await page.keyboard.press('Home');
  assert(await sel() === '' && end !== '', `Home selects the root, End the last row (${end})`);
  // → on a closed node opens it, → again goes to its first child, ← back to the parent.
  const closed = await page.$eval('.tree li[aria-expanded="false"]', li => li.dataset.path);
  await page.click(`.tree .row[data-path="${closed}"]`);
  await page.focus(`.tree li[data-path="${closed}"]`);
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector(`.tree li[data-path="${closed}"][aria-expanded="true"]`);
  await page.keyboard.press('ArrowRight');
  assert(await sel() === `${closed}.0`, `first child of ${closed}: ${await sel()}`);
  await page.keyboard.press('ArrowLeft');
  assert(await sel() === closed, 'left goes to the parent');
  await page.keyboard.press('ArrowLeft');
  await page.waitForSelector(`.tree li[data-path="${closed}"][aria-expanded="false"]`);
});

await test('hover: leaving the tree clears it, and it never looks like the selection', async page => {
  await paste(page, seedDump);
  await (await rowByName(page, 'ID')).click();
  await (await rowByName(page, 'QDCOUNT')).hover();
  await page.waitForSelector('.tree .row.hover');
  const [h, s] = await page.evaluate(() => [getComputedStyle(document.querySelector('.tree .row.hover')).backgroundColor, getComputedStyle(document.querySelector('.tree .row.sel')).backgroundColor]);
  assert(h !== s, `hover and selection share a background: ${h}`);
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => !document.querySelector('.tree .row.hover'));
});

await test('the theme button cycles system, dark, light and the choice survives a reload', async page => {
  const label = () => page.textContent('#theme');
  assert((await label()).includes('system'), await label());
  await page.click('#theme');
  assert((await label()).includes('dark') && await page.$('.app.theme-dark'), 'dark');
  await page.click('#theme');
  assert((await label()).includes('light') && await page.$('.app.theme-light'), 'light');
  await page.click('#theme');
  assert((await label()).includes('system') && await page.$('.app.theme-auto'), 'back to the system');
  await page.click('#theme');
  await page.reload();
  await page.waitForSelector('.app.theme-dark');
});

await test('a packet-list row opens itself wherever it is clicked; its pair link opens the other', async page => {
  await page.setInputFiles('#file', capture('tcpdump__dns_udp.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  const row = page.locator('.pkt[data-row="0"]');
  const box = await row.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('.pkt.cur[data-row="0"]');
  const link = row.locator('.pairlink');
  assert(await link.count() === 1, 'row 0 has a pair link');
  await link.click();
  await page.waitForFunction(() => document.querySelector('.pkt.cur')?.dataset.row !== '0');
});

await test('hostile messages: a short summary, the tree right under it', async page => {
  // 3,000 answers: the Info line would list them all; it is cut at 400 bytes.
  const recs = Buffer.alloc(3000 * 15);
  for (let i = 0; i < 3000; i++) recs.set([0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, i >> 8, i & 255], i * 15);
  await paste(page, Buffer.concat([Buffer.from('123481800000' + '0bb8' + '00000000', 'hex'), recs]).toString('hex'));
  const long = await page.textContent('#summary');
  assert(long.length <= 402 && long.endsWith('…') && long.includes('10.0.0.1'), `summary of ${long.length} characters: ${long.slice(0, 80)}`);
  // The 63 KB message of forward pointers (tcpdump's dns_fwdptr).
  await page.setInputFiles('#file', capture('tcpdump__dns_fwdptr.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  await page.click('.pkt[data-row="0"]');
  await page.waitForSelector('#summary');
  const s = await page.textContent('#summary');
  assert(s.length <= 402, `summary of ${s.length} characters`);
  const tree = await page.$eval('.treepane', el => el.getBoundingClientRect().top + window.scrollY);
  assert(tree < 2000, `the tree starts ${tree} px down`);
});

await test('phone: the list shows No., Info and Pair; nothing wider than the screen', async page => {
  await page.setInputFiles('#file', capture('tcpdump__dns_udp.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  await page.click('.pkt[data-row="1"]');
  await page.waitForSelector('#summary');
  const cols = await page.$$eval('.thead span', ss => ss.map(s => { const r = s.getBoundingClientRect(); return [s.textContent, r.left, r.right, r.width]; }).filter(c => c[3] > 0));
  assert(cols.map(c => c[0]).join() === 'No.,Info,Pair', `visible headers: ${JSON.stringify(cols)}`);
  for (let i = 1; i < cols.length; i++) assert(cols[i][1] >= cols[i - 1][2], `headers overlap: ${JSON.stringify(cols)}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `page is ${width} px wide`);
  const ascii = await rect(page, '.hexrow .ascii');
  assert(ascii.right <= 390, `ASCII column ends at ${ascii.right}`);
  const rcode = await page.$$eval('.flaggrid td', tds => Math.max(...tds.map(t => t.getBoundingClientRect().right)));
  assert(rcode <= 390, `flag grid ends at ${rcode}`);
  await page.screenshot({ path: path.join(artifacts, 'phone-list.png'), fullPage: true });
  // Stacked panes: a byte picked reveals its row, and nothing is held or stretched for it.
  await page.$eval('.hex .b[data-off="0"]', el => el.scrollIntoView({ block: 'center' }));
  const y0 = await page.evaluate(() => scrollY);
  await page.click('.hex .b[data-off="0"]');
  await page.waitForSelector('.tree .row.sel');
  const row = await rect(page, '.tree .row.sel');
  assert(row.top >= 0 && row.bottom <= 844, `row off screen: ${JSON.stringify(row)}`);
  assert(await page.evaluate(y0 => scrollY < y0, y0), 'the page did not scroll up to the row (so this shows nothing)');
  assert(await page.$eval('.panes', el => el.style.minHeight === '' && el.querySelector('.hexpane').style.top === ''), 'the panes were held or stretched on a phone');
}, { width: 390, height: 844 });

await test('the guided tour walks seed 002 field by field, from the keyboard, in links and by postMessage', async page => {
  await paste(page, seedDump);
  await page.click('#tour-start');
  await page.waitForSelector('#tour');
  assert(await page.evaluate(() => document.activeElement.id) === 'tour', 'the panel has the focus');
  const seen = [];
  for (let guard = 0; guard < 400; guard++) {
    const title = await page.textContent('.tourtitle');
    const text = await page.textContent('.tourtext');
    const count = await page.textContent('.tourcount');
    seen.push(`${title}\n${text}`);
    // Each step selects its field: one selected row in the tree, named as the step is, and
    // (unless it has no bytes of its own) its bytes highlighted in the hex view.
    const sel = await page.$$eval('.tree .row.sel > .fname', r => r.map(x => x.textContent));
    assert(sel.length === 1 && (title.startsWith('Problem') || title.startsWith(sel[0])), `${count}: selected ${JSON.stringify(sel)} for ${title}`);
    if (!title.startsWith('Root label') && !title.includes('0 of')) assert((await page.$$('.hex .b.hl')).length > 0, `${count}: no bytes lit for ${title}`);
    // The row is on screen, above the tour's panel (pinned to the bottom of the window).
    const [row, bar] = [await rect(page, '.tree .row.sel'), await rect(page, '#tour')];
    assert(row.top >= 0 && row.bottom <= bar.top + 1 && bar.bottom <= 901, `${count}: row ${JSON.stringify(row)} hidden (panel at ${bar.top}–${bar.bottom})`);
    if (await page.$eval('#tour-next', b => b.disabled)) break;
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(c => document.querySelector('.tourcount').textContent !== c, count);
  }
  await page.screenshot({ path: path.join(artifacts, 'tour.png') });
  const all = seen.join('\n');
  // What the seed walkthrough explains, each in some step of the tour.
  for (const fact of ['starts at byte 28', 'ID: 0xea1a (59930)', '1000 0001 1000 0011',
    '0x8183 AND 0x8000 = 0x8000, shifted right 15: 1', 'QR: 1', 'Opcode: QUERY (0)', 'AA: 0', 'TC: 0', 'RD: 1', 'RA: 1', 'Z: 0',
    '0x8183 AND 0x000f = 0x0003, shifted right 0: 3', 'RCODE: NXDOMAIN (3)', 'QDCOUNT: 1', 'ANCOUNT: 0',
    'NSCOUNT: 1', 'ARCOUNT: 0', 'Length: 1', 'Text: dnsbl', 'Root label', 'QTYPE: A (1)', 'QCLASS: IN (1)',
    'Pointer: → offset 25', 'Type: SOA (6)', 'TTL: 3600', 'RDLENGTH: 44', 'MNAME: rbldns0.sorbs.net.',
    'RNAME: dns.isux.com.', 'dns@isux.com', 'Serial: 1125965950', 'Refresh: 7200', 'Retry: 7200',
    'Expire: 604800', 'Minimum: 3600', 'IPv4 header checksum', 'UDP checksum']) {
    assert(all.includes(fact), `the tour never says ${JSON.stringify(fact)}`);
  }
  assert(seen.length > 40, `${seen.length} steps`);
  // Back with ←, and the address bar carries the step: a new page opens the tour there.
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(n => document.querySelector('.tourcount').textContent === `Step ${n - 1} of ${n}`, seen.length);
  const hash = await page.evaluate(() => location.hash);
  assert(hash.endsWith(`.t${seen.length - 2}`), hash);
  const other = await page.context().newPage();
  await other.goto(origin + '/' + hash);
  await other.waitForSelector('#tour');
  assert(await other.textContent('.tourcount') === `Step ${seen.length - 1} of ${seen.length}`, 'the link opens at its step');
  // The embed opens at a step too, and its parent drives it with dnslens:step.
  await other.goto(origin + '/' + hash.replace('#v1.', '#embed.v1.').replace(/\.t\d+$/, '.t3'));
  await other.waitForSelector('#tour');
  assert(await other.textContent('.tourcount') === `Step 4 of ${seen.length}`, 'embed at its step');
  await other.evaluate(() => window.postMessage({ type: 'dnslens:step', to: 'next' }, '*'));
  await other.waitForFunction(() => document.querySelector('.tourcount').textContent.startsWith('Step 5 '));
  await other.evaluate(() => window.postMessage({ type: 'dnslens:step', step: 1 }, '*'));
  await other.waitForFunction(() => document.querySelector('.tourtitle').textContent === 'Header');
  await other.close();
  // Esc ends the tour and gives the focus back to its start button.
  await page.keyboard.press('Escape');
  await page.waitForSelector('#tour', { state: 'detached' });
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'tour-start');
});

await test('a compact embed for teachers: ?hide=hex,layers,flags and ?only=<section>', async page => {
  await paste(page, seedDump);
  const hash = (await page.evaluate(() => location.hash)).replace('#v1.', '#embed.v1.');
  const shown = sel => page.$$eval(sel, els => els.filter(e => e.offsetParent !== null).length);
  const names = () => page.$$eval('.tree .row > .fname', r => r.filter(e => e.offsetParent !== null).map(e => e.textContent));
  await page.goto(origin + '/' + hash);
  await page.waitForSelector('#summary');
  assert(await shown('.hex') === 1 && await shown('.flaggrid') === 1, 'the plain embed shows hex and flags');
  assert((await names()).includes('Internet Protocol version 4'), 'the plain embed shows the lower layers');
  await page.goto(origin + '/?hide=hex,layers,flags' + hash);
  await page.waitForSelector('#summary');
  assert(await shown('.hex') === 0, 'hex hidden');
  assert(await shown('.flaggrid') === 0, 'flag grid hidden');
  assert(await shown('.legend') === 0, 'legend hidden with the hex');
  const n = await names();
  assert(!n.includes('Internet Protocol version 4') && !n.includes('User Datagram Protocol'), `layers hidden: ${n}`);
  assert(n.includes('Domain Name System'), `DNS still shown: ${n}`);
  await page.goto(origin + '/?only=Authority%201' + hash);
  await page.waitForSelector('#summary');
  const only = await names();
  assert(only[0] === 'Authority 1' && !only.includes('Header') && !only.includes('Question 1'), `one section: ${only}`);
  // Its rows still select their bytes.
  await page.click('.tree .row:has(> .fname:text-is("TTL"))');
  assert((await page.$$('.hex .b.hl')).length === 4, 'TTL bytes lit');
});

await test('the panes resize: dragging the splitter (or ←/→ on it) gives the width to the hex pane', async page => {
  await paste(page, seedDump);
  const [t0, h0] = [await rect(page, '.treepane'), await rect(page, '.hexpane')];
  assert(Math.abs(t0.width - h0.width) < 40, `two equal panes to start: ${t0.width} and ${h0.width}`);
  const bar = await rect(page, '.splitter');
  const at = bar.top + 200;
  await page.mouse.move(bar.left + bar.width / 2, at);
  await page.mouse.down();
  await page.mouse.move(bar.left + bar.width / 2 - 200, at, { steps: 8 });
  await page.mouse.up();
  const [t1, h1] = [await rect(page, '.treepane'), await rect(page, '.hexpane')];
  assert(t1.width < t0.width - 150, `the tree pane did not narrow: ${t0.width} → ${t1.width}`);
  assert(h1.width > h0.width + 150, `the hex pane did not widen: ${h0.width} → ${h1.width}`);
  assert(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page got wider');
  // From the keyboard: the splitter is a focusable separator that says its position.
  const now0 = Number(await page.getAttribute('.splitter', 'aria-valuenow'));
  await page.focus('.splitter');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  const t2 = await rect(page, '.treepane');
  assert(Math.abs(t2.width - (t1.width + 80)) < 2, `5 × → widened the tree pane by ${t2.width - t1.width} px, not 80`);
  const now1 = Number(await page.getAttribute('.splitter', 'aria-valuenow'));
  assert(now1 > now0, `aria-valuenow ${now0} → ${now1}`);
  // Never narrower than its minimum, however far it is pushed.
  for (let i = 0; i < 40; i++) await page.keyboard.press('Shift+ArrowLeft');
  assert((await rect(page, '.treepane')).width >= 14 * 16 - 1, 'the tree pane went below its minimum width (14rem)');
});

await test('one scroller, the page: no pane scrolls on its own; with a long message the hex pane stays in view', async page => {
  const scrollers = () => page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter(el => el.tagName !== 'TEXTAREA' && /auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1)
    .map(el => el.className));
  await paste(page, seedDump);
  assert((await scrollers()).length === 0, `inner scrollers with the seed: ${await scrollers()}`);
  assert(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight), 'the page itself scrolls');
  // A 3 KB message: only the (virtualised) hex view scrolls by itself; reading down the tree,
  // the hex pane stays on screen beside it.
  const big = oracle('tcpdump__dnssec.pcap').find(v => v.hex.length > 5000);
  await paste(page, big.hex);
  assert((await scrollers()).join() === 'hex', `inner scrollers with a 3 KB message: ${await scrollers()}`);
  await page.evaluate(() => scrollTo(0, document.querySelector('.treepane').getBoundingClientRect().bottom + scrollY - innerHeight));
  const hex = await rect(page, '.hexpane');
  assert(hex.top >= 0 && hex.top < 2 && hex.bottom <= await page.evaluate(() => innerHeight) + 1, `hex pane off screen at the end of the tree: ${JSON.stringify(hex)}`);
});

await test('one type scale: every text on the page is one of six sizes', async page => {
  const sizes = () => page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.offsetParent === null || el.closest('.sr-only')) continue;
      const px = getComputedStyle(el).fontSize;
      (out[px] ||= []).push(el.className || el.tagName);
    }
    return out;
  });
  const scale = new Set(['11px', '12px', '13px', '14px', '16px', '22px']);
  await paste(page, seedDump);
  await page.click('#tour-start');
  await page.waitForSelector('#tour');
  await page.setInputFiles('#file', capture('tcpdump__dns_udp.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  await page.click('.pkt[data-row="1"]');
  const found = await sizes();
  const off = Object.entries(found).filter(([px]) => !scale.has(px));
  assert(off.length === 0, `sizes off the scale: ${JSON.stringify(off.map(([px, e]) => [px, e.slice(0, 4)]))}`);
  assert(Object.keys(found).length >= 4, `the scale is used: ${Object.keys(found)}`);
});

await test('axe-core (WCAG 2.1 A and AA): no violation on any view', async (page, context) => {
  const axe = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const audit = async (view) => {
    await page.addScriptTag({ content: axe });
    const r = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const found = r.violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')}`);
    assert(found.length === 0, `${view}: ${found.join('; ')}`);
    assert(r.passes.length > 10, `${view}: axe ran ${r.passes.length} checks`);
  };
  await audit('the empty page');
  await paste(page, seedDump);
  await audit('the seed, light');
  await page.click('#tour-start');
  await page.waitForSelector('#tour');
  await audit('the guided tour');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#tour', { state: 'detached' });
  await page.click('.hex .b[data-off="31"]');
  await audit('a field selected, light');
  await page.click('#theme');
  await page.waitForSelector('.app.theme-dark');
  await audit('a field selected, dark');
  await page.setInputFiles('#file', capture('tcpdump__dns_udp.pcap'));
  await page.waitForSelector('.packets[data-status="done"] .count');
  await page.click('.pkt[data-row="1"]');
  await audit('a capture listed, dark');
  await page.click('#theme');
  await audit('a capture listed, light');
  await page.goto(origin + '/lesson.html');
  await page.waitForFunction(() => document.body.dataset.decoded === 'NXDOMAIN');
  const frame = page.frame({ url: /#embed|#v1|#embed\./ }) || page.frames()[1];
  await frame.waitForSelector('#summary');
  await frame.addScriptTag({ content: axe });
  const r = await frame.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  assert(r.violations.length === 0, `the embed: ${r.violations.map(v => v.id).join(', ')}`);
}, { width: 1200, height: 900 }, { bypassCSP: true });

await test('colour is never the only cue: each of the 14 byte kinds has its own mark, in the page and the embed', async page => {
  await paste(page, seedDump);
  const marks = () => page.$$eval('.legend .b', bs => bs.map(b => {
    const c = getComputedStyle(b);
    return [b.textContent, `${c.textDecorationLine} ${c.textDecorationStyle} ${c.fontStyle} ${c.fontWeight > 500 ? 'bold' : ''} ${c.color}`];
  }));
  const m = await marks();
  assert(m.length === 14, `legend entries: ${m.length}`);
  const distinct = new Set(m.map(x => x[1].replace(/rgb\([^)]*\)/, '')));
  assert(distinct.size === 14, `marks shared: ${JSON.stringify(m)}`);
  // The hex view's bytes wear the same marks (an ID byte is overlined).
  assert(await page.$eval('.hex .b[data-off="28"]', b => getComputedStyle(b).textDecorationLine) === 'overline', 'ID byte mark');
  await page.goto(origin + '/lesson.html');
  const frame = page.frames()[1];
  await frame.waitForSelector('#summary');
  assert((await frame.$$('.legend .b')).length === 14, 'the embed shows the legend');
});

await test('offline after one visit, and a quiet notice when a new version is out', async (page, context) => {
  // A copy of dist/ that can be "redeployed" mid-test.
  const dir = fs.mkdtempSync(path.join(artifacts, 'deploy-'));
  for (const f of fs.readdirSync(path.join(root, 'dist'))) fs.copyFileSync(path.join(root, 'dist', f), path.join(dir, f));
  const site = await serve([['/', dir]]);
  const at = `http://127.0.0.1:${site.address().port}/`;
  try {
    await page.goto(at);
    await page.waitForSelector('#paste');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    const version = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/VERSION="([0-9a-f]{16})"/);
    assert(version, 'the worker carries a build version');
    await context.setOffline(true);
    await page.reload();
    await paste(page, seedDump);
    assert((await page.textContent('#summary')).includes('NXDOMAIN'), 'decoded offline');
    await context.setOffline(false);
    // A new build: the worker's version changes; the page offers a reload, and reloading
    // brings the new worker in.
    fs.writeFileSync(path.join(dir, 'sw.js'), fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').replaceAll(version[1], 'feedfacefeedface'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => r.update()));
    await page.waitForSelector('#update button', { timeout: 15000 });
    await page.click('#update button');
    await page.waitForFunction(() => !document.getElementById('update') && document.getElementById('paste'));
    assert(await page.evaluate(() => caches.keys().then(k => k.join())) === 'dnslens-feedfacefeedface', 'old cache dropped');
  } finally {
    site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

await browser.close();
server.close();
if (failures) { console.log(`${failures} page test failure(s)`); process.exit(1); }
console.log('all page tests passed');
