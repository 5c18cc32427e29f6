// The data folder of a local run (records.md §1): every *.csv, *.jsonl and *.ndjson file under it, as S3 ingestion takes them.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The data files under a folder, as paths relative to it, in the order they are ingested. */
export function dataFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(csv|jsonl|ndjson)$/i.test(entry.name)) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
