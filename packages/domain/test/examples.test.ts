// grading-model.md as data: every case in packages/domain/examples/*.yaml is validated, graded
// with assess() and compared with the part of the assessment it states (format: examples/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  type Assessment,
  assess,
  CATEGORIES,
  type Enterprise,
  type EnterpriseRecord,
  GRADES,
  HAZARDS,
  INSPECTION_KINDS,
  INSPECTION_RESULTS,
  INSPECTION_SCOPES,
  MEASURES,
  PERSON_ROLES,
  PROCEDURES,
  type RuleSet,
  recordKey,
  ruleSetById,
  SAMPLING_KINDS,
  SAMPLING_LEVELS,
  SAMPLING_RESULTS,
  VIOLATIONS,
} from '../src/index.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

// ---- the format (examples/README.md) -------------------------------------------------------

const isoDate = z
  .string({ error: 'a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'not a calendar date');
/** Ids and codes a spreadsheet may have turned into numbers (a region 330302, a record 2026001). */
const code = z.union([z.string().min(1), z.number()]).transform(String);
const count = z.int().min(0);
const grade = z.enum(GRADES);
const status = z.enum(['active', 'revoked']);
const protectedId = z.strictObject({ masked: z.string(), hash: z.string() });

const enterpriseSchema = z.strictObject({
  uscc: z.string().default('91330302MA2AAAAA0X'),
  name: z.string().default('温州某某食品有限公司'),
  region: code.default('330302'),
  category: z.enum(CATEGORIES),
  licensedOn: isoDate,
  legalRepName: z.string().optional(),
  legalRepId: protectedId.optional(),
  version: z.int().min(1).default(1),
  status: status.default('active'),
});

const common = {
  recordId: code.optional(),
  uscc: z.string().optional(),
  version: z.int().min(1).default(1),
  status: status.default('active'),
};
const recordSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('inspection'),
      ...common,
      inspectedOn: isoDate,
      kind: z.enum(INSPECTION_KINDS).default('routine'),
      scope: z.enum(INSPECTION_SCOPES),
      result: z.enum(INSPECTION_RESULTS),
      keyItemsFailed: count.default(0),
      generalItemsFailed: count.default(0),
      inspectors: z.array(code).min(1).default(['I001', 'I002']),
    }),
    z.strictObject({
      type: z.literal('penalty'),
      ...common,
      decidedOn: isoDate,
      procedure: z.enum(PROCEDURES),
      violation: z.enum(VIOLATIONS),
      measures: z.array(z.enum(MEASURES)).min(1),
      fineYuan: z.number().min(0).default(0),
      aggravated: z.boolean().default(false),
      incident: z.boolean().default(false),
      recallFailure: z.boolean().default(false),
      seriousListing: z.boolean().default(false),
      intentional: z.boolean().optional(),
      persons: z.array(z.strictObject({ name: z.string(), role: z.enum(PERSON_ROLES), id: protectedId })).default([]),
      repairedOn: isoDate.optional(),
      delistedOn: isoDate.optional(),
    }),
    z.strictObject({
      type: z.literal('sampling'),
      ...common,
      sampledOn: isoDate,
      product: z.string().default('样品 sample'),
      kind: z.enum(SAMPLING_KINDS),
      level: z.enum(SAMPLING_LEVELS),
      result: z.enum(SAMPLING_RESULTS),
      hazard: z.enum(HAZARDS).optional(),
    }),
  ],
  { error: 'type must be inspection, penalty or sampling' },
);

const partialFactor = z.strictObject({ points: z.number().optional(), recordIds: z.array(code).optional() });
const expectSchema = z
  .strictObject({
    /** false: assess() returns no assessment (a deregistered enterprise). */
    assessed: z.boolean().optional(),
    uscc: z.string().optional(),
    name: z.string().optional(),
    region: code.optional(),
    sector: z.string().optional(),
    category: z.enum(CATEGORIES).optional(),
    asOf: isoDate.optional(),
    rulesVersion: z.string().optional(),
    staticScore: z.number().optional(),
    dynamicScore: z.number().optional(),
    creditScore: z.number().optional(),
    riskScore: z.number().optional(),
    baseGrade: grade.optional(),
    riskGrade: grade.optional(),
    adjustments: z
      .array(
        z.strictObject({
          kind: z.enum(['raise', 'lower', 'force_d']).optional(),
          levels: z.int().optional(),
          reasons: z.array(z.string()).optional(),
          recordIds: z.array(code).optional(),
        }),
      )
      .optional(),
    creditClass: grade.optional(),
    creditReasons: z.array(z.string()).optional(),
    keyInspection: z.boolean().optional(),
    inspectionsPerYear: z.number().optional(),
    inspectionOverdue: z.boolean().optional(),
    seriousListing: z
      .strictObject({ recordId: code.optional(), listedOn: isoDate.optional(), expiresOn: isoDate.optional() })
      .nullable()
      .optional(),
    listingCandidate: z
      .strictObject({ recordIds: z.array(code) })
      .nullable()
      .optional(),
    /** A list: the whole factor list, in order. A map: only the codes named (see README). */
    factors: z
      .union([
        z.array(z.strictObject({ code: z.string(), ...partialFactor.shape })),
        z.record(
          z.string(),
          z.union([z.number(), z.literal('none'), partialFactor, z.array(z.union([z.number(), partialFactor]))]),
        ),
      ])
      .optional(),
    /** §4 components: the points of the factors whose code starts with `inspection_`, `sampling_`, `penalty_`. */
    components: z
      .strictObject({
        inspection: z.number().optional(),
        sampling: z.number().optional(),
        penalty: z.number().optional(),
      })
      .optional(),
    warnings: z
      .array(z.strictObject({ code: z.string(), message: z.string().optional(), recordIds: z.array(code).optional() }))
      .optional(),
    nextChangeOn: isoDate.nullable().optional(),
  })
  .refine((e) => Object.keys(e).length > 0, 'expect names no field: state at least one expected value')
  .refine(
    (e) => e.assessed !== false || Object.keys(e).length === 1,
    'assessed: false (no assessment) cannot be combined with expected assessment fields',
  );

const caseSchema = z.strictObject({
  name: z.string().min(1),
  basis: z
    .string()
    .regex(
      /§\s*\d/,
      'basis names the section of grading-model.md and the legal source, e.g. "grading-model.md §5; PUB-45"',
    ),
  asOf: isoDate,
  rules: z.string().optional(),
  enterprise: enterpriseSchema,
  records: z.array(recordSchema).default([]),
  expect: expectSchema,
});
const fileSchema = z.strictObject({ title: z.string().optional(), cases: z.array(z.unknown()).min(1) });

type Case = z.output<typeof caseSchema>;
type Expected = z.output<typeof expectSchema>;

interface Loaded {
  file: string;
  title?: string;
  /** The cases in file order: ready to grade, or the reason they cannot be. */
  cases: ({ ok: true; name: string; run: Runnable } | { ok: false; name: string; error: string })[];
  error?: string;
}
interface Runnable {
  case: Case;
  enterprise: Enterprise;
  records: EnterpriseRecord[];
  rules?: RuleSet;
}

/** `records #2 › result: …` — list items counted from 1, as a reader counts them; the value found is quoted. */
const issues = (e: z.ZodError) =>
  e.issues
    .map((i) => {
      const path = i.path
        .map((p, n) => (typeof p === 'number' ? ` #${p + 1}` : `${n > 0 ? ' › ' : ''}${String(p)}`))
        .join('');
      const input = (i as { input?: unknown }).input;
      const got =
        input === null || ['string', 'number', 'boolean'].includes(typeof input)
          ? ` (found ${JSON.stringify(input)})`
          : '';
      return `${path || '(case)'}: ${i.message}${got}`;
    })
    .join('; ');

function load(file: string, seenNames: Map<string, string>): Loaded {
  const doc = parseDocument(readFileSync(EXAMPLES + file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { file, cases: [], error: doc.errors.map((e) => e.message).join('\n') };
  const top = fileSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!top.success) return { file, cases: [], error: `expected {title?, cases: [...]}: ${issues(top.error)}` };
  const cases = top.data.cases.map((raw, i): Loaded['cases'][number] => {
    const rawName = (raw as { name?: unknown } | null)?.name;
    const name = typeof rawName === 'string' && rawName !== '' ? rawName : `case ${i + 1}`;
    const where = `${file}, case ${i + 1} "${name}"`;
    const fail = (error: string) => ({ ok: false as const, name, error: `${where}: ${error}` });
    const parsed = caseSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) return fail(issues(parsed.error));
    const c = parsed.data;
    const other = seenNames.get(c.name);
    if (other) return fail(`the same name is already used in ${other}; every case name is unique`);
    seenNames.set(c.name, where);
    let rules: RuleSet | undefined;
    if (c.rules !== undefined) {
      try {
        rules = ruleSetById(c.rules);
      } catch (e) {
        return fail(`rules: ${(e as Error).message}`);
      }
    }
    const enterprise = { type: 'enterprise' as const, ...c.enterprise };
    const records = c.records.map(
      (r, n) =>
        ({ ...r, recordId: r.recordId ?? `${r.type}-${n + 1}`, uscc: r.uscc ?? enterprise.uscc }) as EnterpriseRecord,
    );
    const ids = records.map(recordKey);
    const twice = ids.filter((id, n) => ids.indexOf(id) !== n);
    if (twice.length > 0) return fail(`records: recordId ${twice.join(', ')} used twice`);
    return { ok: true, name: c.name, run: { case: c, enterprise, records, ...(rules ? { rules } : {}) } };
  });
  return { file, ...(top.data.title ? { title: top.data.title } : {}), cases };
}

// ---- comparison ----------------------------------------------------------------------------

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The expected subset, with the map form of `factors` spelled out as lists per code. */
function expectedView(e: Expected): Record<string, unknown> {
  const { assessed: _assessed, factors, ...fields } = e;
  const out: Record<string, unknown> = defined(fields);
  if (Array.isArray(factors)) out.factors = factors.map((f) => defined(f));
  else if (factors) {
    const one = (v: number | { points?: number; recordIds?: string[] }) =>
      typeof v === 'number' ? { points: v } : defined(v);
    out.factors = Object.fromEntries(
      Object.entries(factors).map(([code, v]) => [code, v === 'none' ? [] : Array.isArray(v) ? v.map(one) : [one(v)]]),
    );
  }
  if (e.components) out.components = defined(e.components);
  return out;
}

/** The assessment as the expected subset reads it: factors per code when given as a map, §4 components. */
function actualView(a: Assessment, e: Expected): Record<string, unknown> {
  const sum = (prefix: string) => a.factors.filter((f) => f.code.startsWith(prefix)).reduce((t, f) => t + f.points, 0);
  const out: Record<string, unknown> = { ...a };
  if (e.factors && !Array.isArray(e.factors)) {
    out.factors = Object.fromEntries(
      Object.keys(e.factors).map((code) => [
        code,
        a.factors.filter((f) => f.code === code).map(({ points, recordIds }) => ({ points, recordIds })),
      ]),
    );
  }
  out.components = { inspection: sum('inspection_'), sampling: sum('sampling_'), penalty: sum('penalty_') };
  return out;
}

// ---- the tests -----------------------------------------------------------------------------

const seenNames = new Map<string, string>();
const files = readdirSync(EXAMPLES)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => load(f, seenNames));

describe('packages/domain/examples', () => {
  it('holds the worked examples as YAML files', () => {
    expect(files.map((f) => f.file)).toContain('11-worked-examples.yaml');
  });
});

for (const loaded of files) {
  describe(`examples/${loaded.file}${loaded.title ? ` — ${loaded.title}` : ''}`, () => {
    if (loaded.error !== undefined) {
      const error = `examples/${loaded.file}: ${loaded.error}`;
      it(`examples/${loaded.file} can be read`, () => {
        throw new Error(error);
      });
    }
    for (const c of loaded.cases) {
      if (!c.ok) {
        it(`${c.name} — not a valid case`, () => {
          throw new Error(`examples/${c.error}`);
        });
        continue;
      }
      const { case: k, enterprise, records, rules } = c.run;
      it(`${k.name} [${k.basis}]`, () => {
        const a = assess(enterprise, records, k.asOf, rules ? { rules } : {});
        const where = `examples/${loaded.file} "${k.name}" (${k.basis})`;
        if (k.expect.assessed === false) {
          expect(a, `${where}: expected no assessment`).toBeNull();
          return;
        }
        if (!a) throw new Error(`${where}: assess() returned no assessment (is the enterprise revoked?)`);
        expect(actualView(a, k.expect), where).toMatchObject(expectedView(k.expect));
      });
    }
  });
}
