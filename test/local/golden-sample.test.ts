// The bundled sample's outputs, pinned (issue "The house in order": restructuring must not change
// a single byte). npm start on events/data as of 2026-11-30 with a fixed seed, on a fresh state
// whose ID-number key is fixed (person bars are ordered by the keyed hash), must write exactly
// the files recorded in golden-sample.json. A deliberate change of an output records new digests:
// FENJI_UPDATE_GOLDEN=1 npx vitest run test/local/golden-sample.test.ts, and the commit says why.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@fenji/domain';
import { runPipeline, silentProgress } from '@fenji/local';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN = join(import.meta.dirname, 'golden-sample.json');
const PINNED = ['assessments.jsonl', 'plan.csv', 'discipline-list.jsonl', 'rejects.jsonl', 'events.jsonl'] as const;
const RUN = { data: 'events/data', asOf: '2026-11-30', period: '2026-Q4', seed: 'golden-sample' };

describe('the bundled sample, byte for byte', () => {
  it(`npm start on events/data as of ${RUN.asOf}, seed "${RUN.seed}": ${PINNED.join(', ')} unchanged`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'fenji-golden-'));
    const state = join(root, 'state');
    mkdirSync(state);
    writeFileSync(join(state, 'id-key'), 'golden-sample-id-key-0123456789abcdef0123456789abcdef');
    const out = join(root, 'out');
    await runPipeline(
      { ...RUN, data: join(ROOT, RUN.data), state, out, clock: fixedClock('2026-11-30T04:00:00Z') },
      silentProgress,
    );
    const digests = Object.fromEntries(
      PINNED.map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(out, f)))
          .digest('hex'),
      ]),
    );
    if (process.env.FENJI_UPDATE_GOLDEN === '1')
      writeFileSync(GOLDEN, `${JSON.stringify({ run: RUN, digests }, null, 2)}\n`);
    expect(digests).toEqual((JSON.parse(readFileSync(GOLDEN, 'utf8')) as { digests: unknown }).digests);
  }, 180_000);
});
