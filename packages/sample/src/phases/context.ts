// The one object the phases of `generate` share: the options and calendar, the seeded PRNG
// streams, and everything built so far — entities, records, the files being filled and what the
// manifest will report. Each phase reads what earlier phases left and adds its own part.
import {
  type CaseKind,
  type CaseState,
  type CaseWarning,
  type IsoDate,
  parseIsoDate,
  type RecordType,
} from '@fenji/domain';
import { calendar } from '../calendar.ts';
import type { BadLineKind, GenerateOptions, Manifest } from '../dataset.ts';
import { type Ent, type InspectorRec, newRegistry, type Registry } from '../entities.ts';
import { Files } from '../files.ts';
import type { Row } from '../format.ts';
import type { Calendar, InspectionRec, PenaltyRec, SamplingRec } from '../history.ts';
import { Rng } from '../prng.ts';
import type { DisposalRec, RepairRec } from '../steps.ts';

/**
 * One stream per label (prng.ts), so that tuning one part leaves the others' draws alone. Each
 * stream depends only on the seed and its label: creating them all up front changes nothing.
 */
export interface Streams {
  enterprises: Rng;
  inspectors: Rng;
  history: Rng;
  scenarios: Rng;
  /** Bad records, re-sent records and where the bad lines go. */
  noise: Rng;
  numbers: Rng;
  corrections: Rng;
  /** The statutory steps of every record (steps.ts). */
  steps: Rng;
  /** The cases every sample has (phases/step-scenarios.ts). */
  stepScenarios: Rng;
}

/** A record made wrong on purpose, waiting for its line. */
export interface BadRecord {
  kind: BadLineKind;
  type: RecordType;
  path: string;
  /** Built when the line is placed, after numbering gave the record its number. */
  row: () => Row;
}

/** The penalties behind the situations every sample has (Manifest['scenarios']). */
export interface Scenarios {
  listed: PenaltyRec;
  delisted: PenaltyRec;
  delistedOn: IsoDate;
  barred: { penalty: PenaltyRec; revokedUscc: string; inChargeUscc: string }[];
}

/** A case (deadlines.md §3) the sample always holds, and what it shows as of asOf. */
export interface StepScenario {
  kind: CaseKind;
  /** The sampling or the repair application; numbered later. */
  record: { recordId: string };
  state: CaseState;
  warnings: CaseWarning[];
}

export interface GenerationContext {
  readonly options: GenerateOptions;
  readonly cal: Calendar;
  readonly asOfYear: number;
  /** YYYY-MM of asOf: the month whose re-sends and corrections arrive last. */
  readonly month: string;
  readonly rng: Streams;
  readonly reg: Registry;

  readonly ents: Ent[];
  readonly inspectors: InspectorRec[];
  readonly inspections: InspectionRec[];
  readonly samplings: SamplingRec[];
  readonly penalties: PenaltyRec[];
  /** Each enterprise's penalties, scenario ones included. */
  readonly penaltiesOf: Map<string, PenaltyRec[]>;
  readonly disposals: DisposalRec[];
  readonly repairs: RepairRec[];
  /** Set by the scenarios phase; read it through `scenariosOf`. */
  scenarios?: Scenarios;
  readonly stepScenarios: StepScenario[];
  /** Bad records, and the ones among them that take a record number like good ones. */
  readonly bad: {
    lines: BadRecord[];
    inspections: InspectionRec[];
    samplings: SamplingRec[];
    penalties: PenaltyRec[];
    repairs: RepairRec[];
  };

  readonly files: Files;
  readonly duplicates: Manifest['duplicates'];
  readonly corrections: Manifest['corrections'];
  /** Keys already re-sent or corrected: no record gets two such changes. */
  readonly corrected: Set<string>;
}

export function newContext(options: GenerateOptions): GenerationContext {
  const { seed, asOf } = options;
  const cal = calendar(asOf);
  return {
    options,
    cal,
    asOfYear: parseIsoDate(asOf).year,
    month: asOf.slice(0, 7),
    rng: {
      enterprises: new Rng(seed, 'enterprises'),
      inspectors: new Rng(seed, 'inspectors'),
      history: new Rng(seed, 'history'),
      scenarios: new Rng(seed, 'scenarios'),
      noise: new Rng(seed, 'noise'),
      numbers: new Rng(seed, 'numbers'),
      corrections: new Rng(seed, 'corrections'),
      steps: new Rng(seed, 'steps'),
      stepScenarios: new Rng(seed, 'step-scenarios'),
    },
    reg: newRegistry(),
    ents: [],
    inspectors: [],
    inspections: [],
    samplings: [],
    penalties: [],
    penaltiesOf: new Map(),
    disposals: [],
    repairs: [],
    stepScenarios: [],
    bad: { lines: [], inspections: [], samplings: [], penalties: [], repairs: [] },
    files: new Files(),
    duplicates: [],
    corrections: [],
    corrected: new Set(),
  };
}

export function scenariosOf(ctx: GenerationContext): Scenarios {
  if (!ctx.scenarios) throw new Error('the scenarios phase has not run yet');
  return ctx.scenarios;
}
