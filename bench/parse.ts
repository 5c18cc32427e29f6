// Parse + validate throughput: the same records as CSV and as JSON Lines through readRecords
// (decode, tokenize, parseRecord — its hand-written fast path, zod for anything unusual —
// batches of 500), beside the floor of the same bytes through a bare TextDecoder + split('\n') +
// JSON.parse per line / split(',') per line.
// File bytes are read into memory first and fed in one piece (decodeText slices them into the
// 64 KiB pieces an S3 stream would give), so disk reads are not timed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '@fenji/ingest';
import { type FileEntry, type Format, log, median, round, timer } from './common.ts';
import { PARSE_CONTEXT } from './fenji.ts';

interface Loaded {
  entry: FileEntry;
  bytes: Buffer;
}

export interface FormatResult {
  files: number;
  bytes: number;
  records: number;
  rejected: number;
  /** Wall-clock seconds of each timed round. */
  roundSeconds: number[];
  /** Process CPU seconds of each timed round. */
  roundCpuSeconds: number[];
  /** Headline: records per CPU-second (median round) = records/s on one uncontended core. */
  recordsPerSecond: number;
  /** Records per wall-clock second (median round); lower when the machine is shared. */
  wallRecordsPerSecond: number;
  megabytesPerSecond: number;
  floor: { roundCpuSeconds: number[]; recordsPerSecond: number; wallRecordsPerSecond: number };
  /** fenji time ÷ floor time, CPU (the target is at most 3). */
  floorRatio: number;
}

/** One pass over `files`, reading at most `perFile` records of each. */
async function fenjiRound(files: readonly Loaded[], perFile = Number.POSITIVE_INFINITY) {
  let records = 0;
  let rejected = 0;
  const t = timer();
  for (const { entry, bytes } of files) {
    let read = 0;
    for await (const batch of readRecords([bytes], { source: entry.path, key: entry.path, ctx: PARSE_CONTEXT })) {
      read += batch.records.length + batch.rejects.length;
      rejected += batch.rejects.length;
      if (read >= perFile) break;
    }
    records += read;
  }
  const { wall, cpu } = t();
  return { wall, cpu, records, rejected };
}

/**
 * Warm-up: two passes over every file, up to 5,000 records of each. Every record type has its
 * own fast-path function, and V8 compiles them on helper threads that process CPU counts: after
 * the former warm-up (the first 50,000 records, i.e. the first record types only) the first timed
 * round carried 50–120 ms of compilation, a quarter of it, and the second some more.
 */
async function warmUp(files: readonly Loaded[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) await fenjiRound(files, 5_000);
}

function floorRound(files: readonly Loaded[], format: Format) {
  let records = 0;
  const t = timer();
  const decoder = new TextDecoder('utf-8');
  for (const { bytes } of files) {
    const text = decoder.decode(bytes);
    let start = 0;
    let header = format === 'csv';
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      if (end > start) {
        const line = text.slice(start, end);
        if (header) header = false;
        else {
          if (format === 'jsonl') JSON.parse(line);
          else line.split(',');
          records++;
        }
      }
      if (nl < 0) break;
      start = nl + 1;
    }
  }
  const { wall, cpu } = t();
  return { wall, cpu, records };
}

export async function parseBench(args: {
  dir: string;
  files: Record<Format, FileEntry[]>;
  rounds: number;
}): Promise<Record<Format, FormatResult>> {
  const out = {} as Record<Format, FormatResult>;
  for (const format of ['csv', 'jsonl'] as const) {
    const files: Loaded[] = args.files[format].map((entry) => ({
      entry,
      bytes: readFileSync(join(args.dir, entry.path)),
    }));
    const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
    await warmUp(files);
    const rounds: { wall: number; cpu: number; records: number; rejected: number }[] = [];
    for (let r = 0; r < args.rounds; r++) {
      const res = await fenjiRound(files);
      rounds.push(res);
      log(
        `parse ${format}: round ${r + 1}/${args.rounds}: ${res.records.toLocaleString('en-US')} records in ${res.wall.toFixed(2)} s (${res.cpu.toFixed(2)} s CPU)`,
      );
    }
    floorRound(files, format);
    const floors = Array.from({ length: Math.max(3, args.rounds) }, () => floorRound(files, format));
    const records = rounds[0]?.records ?? 0;
    if (floors.some((f) => f.records !== records))
      throw new Error(`floor and fenji disagree on the number of ${format} records`);
    const cpu = median(rounds.map((r) => r.cpu));
    const wall = median(rounds.map((r) => r.wall));
    const floorCpu = median(floors.map((f) => f.cpu));
    out[format] = {
      files: files.length,
      bytes,
      records,
      rejected: rounds[0]?.rejected ?? 0,
      roundSeconds: rounds.map((r) => round(r.wall, 3)),
      roundCpuSeconds: rounds.map((r) => round(r.cpu, 3)),
      recordsPerSecond: Math.round(records / cpu),
      wallRecordsPerSecond: Math.round(records / wall),
      megabytesPerSecond: round(bytes / 1e6 / cpu, 1),
      floor: {
        roundCpuSeconds: floors.map((f) => round(f.cpu, 3)),
        recordsPerSecond: Math.round(records / floorCpu),
        wallRecordsPerSecond: Math.round(records / median(floors.map((f) => f.wall))),
      },
      floorRatio: round(cpu / floorCpu, 1),
    };
  }
  return out;
}
