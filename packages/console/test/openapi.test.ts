// The console's API types are generated from the document the API serves (scripts/openapi.ts);
// the checked-in src/api/schema.d.ts must be exactly what the route table generates now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSchema, SCHEMA_FILE } from '../scripts/openapi.ts';

describe('the console’s typed client', () => {
  it('src/api/schema.d.ts is up to date with the API’s route table', async () => {
    const generated = await generateSchema();
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    expect(
      checkedIn === generated,
      'packages/console/src/api/schema.d.ts is stale: run `npm run openapi -w @fenji/console` and commit it',
    ).toBe(true);
  });
});
