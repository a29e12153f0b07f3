// The example lesson: sizes the dnslens frame from its height messages and drives it.
import { decode } from './dnslens.js';

// The seed packet: the NXDOMAIN answer for 3.45.191.206.dnsbl.sorbs.net (IPv4 + UDP + DNS).
const PACKET = '45000082d9eb00003a11f873c0a801c8c0a801640035026800 6eba41ea1a818300010000000100000133023435033139310332303605646e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10';

const frame = document.getElementById('packet');
const said = document.getElementById('said');

addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || !e.data) return;
  if (e.data.type === 'dnslens:height') frame.style.height = `${Math.ceil(e.data.height) + 2}px`;
  if (e.data.type === 'dnslens:state') {
    const s = e.data.selected;
    said.textContent = s ? `${s.name} = ${s.value} (bytes ${s.span[0]}–${s.span[1] - 1}): ${s.explain}` : (e.data.summary || '');
    document.body.dataset.lastState = JSON.stringify(e.data);
  }
});

// Commands wait until the frame has started (its first height message says it is listening).
let ready = false;
const queue = [];
const send = (msg) => (ready ? frame.contentWindow.postMessage(msg, '*') : queue.push(msg));
addEventListener('message', (e) => {
  if (e.source === frame.contentWindow && e.data && e.data.type === 'dnslens:height' && !ready) {
    ready = true;
    for (const m of queue.splice(0)) frame.contentWindow.postMessage(m, '*');
  }
});
// The frame starts empty and is given its packet by message (a permalink works too).
frame.src = './#embed';
send({ type: 'dnslens:load', text: PACKET });
document.getElementById('step-flags').onclick = () => send({ type: 'dnslens:select', field: 'Flags' });
document.getElementById('step-rcode').onclick = () => send({ type: 'dnslens:select', field: 'RCODE' });
document.getElementById('step-authority').onclick = () => send({ type: 'dnslens:expand', section: 'Authority 1' });
document.getElementById('step-pointer').onclick = () => send({ type: 'dnslens:select', field: 'Pointer' });

decode(PACKET).then((m) => {
  document.getElementById('decoded').textContent = JSON.stringify(m, null, 2);
  document.body.dataset.decoded = m.RCODEname;
});
