// The rule-set file format (packages/domain/rules/*.json). As in OpenFisca's parameter files,
// every value carries its own legal reference, so a rule change reads as "path, old value, new
// value, reference", and a reviewer sees which instrument each number rests on.
//
//   { "value": 5, "reference": "FRG-2016; grading-model.md §3" }                  a value
//   { "sector": "catering", "tier": "III", "flags": [], "reference": "…" }        an entry of a map or list
//
// A reference is one or more citations joined by "; ": an instrument of the file's `sources`,
// optionally with an article ("SDL-44 Art. 16"), or a section of the spec ("grading-model.md §4").
// An optional `note` records a choice the instruments leave open (grading-model.md: "write the
// choice down in the rule-set file"). A file holds only its start: the next rule set's start
// ends it (index.ts), so periods can neither gap nor overlap.
import { z } from 'zod';
import { isValidIsoDate } from '../dates.ts';
import { CATEGORIES, GRADES, type IsoDate, MEASURES, PROCEDURES, SECTORS, VIOLATIONS } from '../types.ts';
import { CATEGORY_FLAGS, type RuleSet, TIERS } from './rule-set.ts';

const CITATION = String.raw`(?:[A-Z][A-Z0-9-]*(?: Art\. \d+)?|(?:grading-model|deadlines)\.md §\d+(?:\.\d+)?)`;
const REFERENCE = new RegExp(`^${CITATION}(?:; ${CITATION})*$`);

const reference = z.string().regex(REFERENCE, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not a reference; cite "INSTRUMENT", "INSTRUMENT Art. N" or "grading-model.md §N" / "deadlines.md §N", joined by "; "`,
});
const REFERENCED = { reference, note: z.string().min(1).optional() };

function referenced<S extends z.ZodType>(value: S) {
  return z.strictObject({ value, ...REFERENCED });
}

function entry<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject({ ...shape, ...REFERENCED });
}

/** A list of values, each with its reference. Lists are sets: a value given twice is a copy error. */
function referencedSet<S extends z.ZodType>(value: S) {
  return z.array(referenced(value)).superRefine(noDuplicateValues);
}

function noDuplicateValues(items: readonly unknown[], ctx: z.RefinementCtx): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const { value } = item as { value: unknown };
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: [i, 'value'], message: `${JSON.stringify(value)} is listed twice` });
    seen.add(value);
  });
}

const months = z.int().positive();
const points = z.number().nonnegative();
const yuan = z.number().nonnegative();
const isoDate = z.string().refine(isValidIsoDate, { error: 'is not a calendar date YYYY-MM-DD' });

/** plan() draws with halves of inspections and needs 12 / perYear whole months (grading-model.md §10). */
const perYear = z.number().refine((n) => n > 0 && Number.isInteger(n * 2) && 24 % (n * 2) === 0, {
  error: (iss) => `${iss.input} inspections a year: give a positive multiple of 0.5 that divides 12 months evenly`,
});
const frequency = entry({ min: perYear, max: perYear }).refine((f) => f.min <= f.max, {
  error: 'min is above max',
  path: ['min'],
});

const discipline = entry({ code: z.string().regex(/^[a-z][a-z_]*$/), zh: z.string().min(1), en: z.string().min(1) });

const bands = z
  .strictObject({ A: referenced(points), B: referenced(points), C: referenced(points) })
  .superRefine((b, ctx) => {
    for (const [lower, upper] of [
      ['A', 'B'],
      ['B', 'C'],
    ] as const) {
      if (b[upper].value <= b[lower].value)
        ctx.addIssue({
          code: 'custom',
          path: [upper, 'value'],
          message: `${b[upper].value} is not above bands.${lower} (${b[lower].value})`,
        });
    }
  });

export const ruleSetFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    effectiveFrom: referenced(isoDate.nullable()),
    sources: z.record(z.string().regex(/^[A-Z][A-Z0-9-]*$/), z.string().min(1)),
    categories: z.strictObject({
      map: z.record(
        z.enum(CATEGORIES),
        entry({ sector: z.enum(SECTORS), tier: z.enum(TIERS), flags: z.array(z.enum(CATEGORY_FLAGS)) }),
      ),
    }),
    tierPoints: z.record(z.enum(TIERS), referenced(points)),
    windows: z.strictObject({
      dynamic: referenced(months),
      fullInspection: referenced(months),
      creditObstruction: referenced(months),
      creditClean: referenced(months),
      lowerClean: referenced(months),
      raise: referenced(months),
      forceDHeavyPenalty: referenced(months),
      candidate: referenced(months),
    }),
    caps: z.strictObject({
      inspection: referenced(points),
      sampling: referenced(points),
      penalty: referenced(points),
      dynamic: referenced(points),
    }),
    inspectionPoints: z.strictObject({
      basicallyCompliantPerGeneralItem: referenced(points),
      basicallyCompliantMax: referenced(points),
      nonCompliantBase: referenced(points),
      nonCompliantPerKeyItem: referenced(points),
      nonCompliantPerGeneralItem: referenced(points),
      nonCompliantMax: referenced(points),
      obstructed: referenced(points),
      unverified: referenced(points),
    }),
    samplingPoints: z.strictObject({
      supervisoryNationalProvincial: referenced(points),
      supervisoryMunicipalCounty: referenced(points),
      evaluative: referenced(points),
      monitoring: referenced(points),
    }),
    penaltyPoints: z.strictObject({
      heavy: referenced(points),
      aggravated: referenced(points),
      ordinary: referenced(points),
      minor: referenced(points),
    }),
    heavyMeasures: z.strictObject({ measures: referencedSet(z.enum(MEASURES)) }),
    simpleProcedure: z.strictObject({
      maxFineYuan: referenced(yuan),
      measures: referencedSet(z.enum(MEASURES)),
    }),
    credit: z.strictObject({
      publicityShortMonths: referenced(months),
      publicityLongMonths: referenced(months),
      publicityFineThreshold: referenced(yuan),
      repeatAggravatedCount: referenced(z.int().positive()),
      licensedMonthsForA: referenced(months),
      score: z.record(z.enum(GRADES), referenced(points)),
    }),
    grade: z.strictObject({
      bands,
      maxRaiseLevels: referenced(
        z
          .int()
          .min(0)
          .max(GRADES.length - 1),
      ),
      licensedMonthsForLower: referenced(months),
      intentionalViolationMeasures: referencedSet(z.enum(MEASURES)),
    }),
    inspectionsPerYear: z.record(z.enum(GRADES), frequency),
    keyInspection: z.strictObject({
      categoryFlags: referencedSet(z.enum(CATEGORY_FLAGS)),
      sectors: z.record(
        z.enum(SECTORS),
        entry({ grades: z.array(z.enum(GRADES)), flags: z.array(z.enum(CATEGORY_FLAGS)) }),
      ),
      creditClasses: referencedSet(z.enum(GRADES)),
    }),
    listing: z.strictObject({
      termMonths: referenced(months),
      earlyRemovalAfterMonths: referenced(months),
      repairAfterMonths: referenced(months),
      seriousViolations: referencedSet(z.enum(VIOLATIONS)),
      personBarMonths: referenced(months),
      disciplineMeasures: z.array(discipline),
      personBarMeasures: z.array(discipline),
    }),
    deadlines: z.strictObject({
      recheckWorkingDays: referenced(z.int().positive()),
      disposalDays: referenced(z.int().positive()),
      publicityProcedures: referencedSet(z.enum(PROCEDURES)),
      publicityWorkingDays: referenced(z.int().positive()),
      repairAcceptanceWorkingDays: referenced(z.int().positive()),
      repairDecisionWorkingDays: referenced(z.int().positive()),
      reportMonths: referenced(months),
    }),
  })
  .superRefine(citesKnownSources);

export type RuleSetFile = z.output<typeof ruleSetFileSchema>;

/** One value of a rule-set file: its path (as in the file, without `.value`), value and reference. */
export interface RuleValue {
  path: string;
  value: unknown;
  reference: string;
  note?: string;
}

/** A rule-set file that failed validation; `issues` name the path of each bad value. */
export class RuleSetFileError extends Error {
  readonly file: string;
  readonly issues: readonly { path: string; message: string }[];
  constructor(file: string, issues: readonly { path: string; message: string }[]) {
    super(
      `rule set file ${file} is invalid:\n${issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'RuleSetFileError';
    this.file = file;
    this.issues = issues;
  }
}

/** Validates one file; throws RuleSetFileError naming the file and the path of every bad value. */
export function parseRuleSetFile(file: string, data: unknown): RuleSetFile {
  const parsed = ruleSetFileSchema.safeParse(data);
  if (!parsed.success) throw new RuleSetFileError(file, issuesOf(parsed.error.issues));
  if (`${parsed.data.id}.json` !== fileName(file)) {
    throw new RuleSetFileError(file, [{ path: 'id', message: `"${parsed.data.id}" does not match the file name` }]);
  }
  return parsed.data;
}

/** The RuleSet the engine uses: values without their references, each group's basis from them. */
export function toRuleSet(file: RuleSetFile, effectiveUntil: IsoDate | null): RuleSet {
  const { id, title, effectiveFrom, sources, ...groups } = unwrap(file) as Unwrapped<RuleSetFile>;
  const values = ruleValuesOf(file);
  const withBasis = Object.fromEntries(
    Object.entries(groups).map(([key, group]) => [key, { basis: basisOf(values, key), ...group }]),
  ) as { [K in keyof typeof groups]: (typeof groups)[K] & { basis: string } };
  return { id, title, effectiveFrom, effectiveUntil, sources, ...withBasis };
}

/** Every referenced value of a file, in file order. */
export function ruleValuesOf(file: RuleSetFile): RuleValue[] {
  return referencedNodes(file).map(({ path, node: { reference, note, ...fields } }) => ({
    path: z.core.toDotPath(path),
    value: plainValue(fields),
    reference,
    ...(note === undefined ? {} : { note }),
  }));
}

// ---------------------------------------------------------------------------------------------

/** The type of a file's data once each `{value, reference}` is its value and each entry its fields. */
type Unwrapped<T> = T extends { reference: string }
  ? T extends { value: infer V }
    ? V
    : Omit<T, 'reference' | 'note'>
  : T extends readonly (infer E)[]
    ? Unwrapped<E>[]
    : T extends object
      ? { [K in keyof T]: Unwrapped<T[K]> }
      : T;

type Referenced = { reference: string; note?: string; value?: unknown };

function isReferenced(node: unknown): node is Referenced {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && 'reference' in node;
}

/** A referenced node without its reference and note: `{value}` is its value, an entry its fields. */
function plainValue(fields: Omit<Referenced, 'reference' | 'note'>): unknown {
  return 'value' in fields ? fields.value : fields;
}

function unwrap(node: unknown): unknown {
  if (isReferenced(node)) {
    const { reference: _, note: __, ...fields } = node;
    return plainValue(fields);
  }
  if (Array.isArray(node)) return node.map(unwrap);
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, unwrap(v)]));
  }
  return node;
}

function referencedNodes(node: unknown, path: PropertyKey[] = []): { path: PropertyKey[]; node: Referenced }[] {
  if (isReferenced(node)) return [{ path, node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => referencedNodes(item, [...path, i]));
  if (typeof node === 'object' && node !== null)
    return Object.entries(node).flatMap(([k, v]) => referencedNodes(v, [...path, k]));
  return [];
}

function citations(reference: string): string[] {
  return reference.split('; ');
}

/** A group's basis: the distinct citations of its values, in file order. */
function basisOf(values: readonly RuleValue[], group: string): string {
  const inGroup = values.filter((v) => v.path === group || v.path.startsWith(`${group}.`));
  return [...new Set(inGroup.flatMap((v) => citations(v.reference)))].join('; ');
}

function citesKnownSources(file: { sources: Record<string, string> }, ctx: z.RefinementCtx): void {
  for (const { path, node } of referencedNodes(file)) {
    const unknown = citations(node.reference)
      .map((c) => c.split(' Art. ')[0] as string)
      .filter(
        (instrument) => !/^(grading-model|deadlines)\.md /.test(instrument) && !Object.hasOwn(file.sources, instrument),
      );
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'reference'],
        message: `cites ${unknown.join(', ')}, which is not in sources (${Object.keys(file.sources).join(', ')})`,
      });
    }
  }
}

/** zod issues as dot paths; an unknown key is reported at its own path. */
function issuesOf(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => ({ path: z.core.toDotPath([...issue.path, k]), message: 'unknown key' }))
      : [{ path: z.core.toDotPath(issue.path), message: issue.message }],
  );
}

function fileName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
