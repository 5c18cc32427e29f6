// Child process of hostile.test.ts: reads one file whose first data line is LINE_MB megabytes with
// no line break, generated chunk by fresh chunk (never held by this script), then a few good
// lines. It runs under --max-old-space-size=64, so a parser that built the line as one string
// dies; and every 8 MB of the line it forces a full GC and records what is still reachable
// (heap + array buffers), so a parser that kept the line's chunks shows it in the peak. A
// forced GC makes the figure the same on every run: it measures retention, not GC timing.
import { readRecords } from '@fenji/ingest';

const [key = '', mbText = '128'] = process.argv.slice(2);
const LINE_MB = Number(mbText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const ctx = { idKey: 'hostile-test-key-0123456789abcdef0123', today: '2026-11-30' };
const HEADER = 'recordId,uscc,inspectedOn,kind,scope,result,inspectors';
const GOOD = Array.from(
  { length: 40 },
  (_, i) => `JC-${i},91330302MA2B00001F,2026-06-0${(i % 9) + 1},routine,full,compliant,I-1;I-2`,
);
const jsonl = key.endsWith('.jsonl');

let peakBytes = 0;
const measure = () => {
  gc();
  const m = process.memoryUsage();
  peakBytes = Math.max(peakBytes, m.heapUsed + m.arrayBuffers);
};

async function* input(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  if (!jsonl) yield encoder.encode(`${HEADER}\n`);
  const chunk = 64 * 1024;
  for (let i = 0; i < (LINE_MB * 1024 * 1024) / chunk; i++) {
    yield new Uint8Array(chunk).fill(0x61);
    if ((i + 1) % 128 === 0) measure();
  }
  yield encoder.encode(`\n${jsonl ? '' : GOOD.join('\n')}\n`);
}

let records = 0;
let rejects = 0;
for await (const batch of readRecords(input(), { source: key, key, ctx })) {
  records += batch.records.length;
  rejects += batch.rejects.length;
}
process.stdout.write(`${JSON.stringify({ records, rejects, peakMb: Math.round(peakBytes / 1024 / 1024) })}\n`);
