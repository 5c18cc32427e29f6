// The actors of the sample: people, enterprises and inspectors, with identifiers that pass the
// domain's checks (GB 32100 USCC, GB 11643 resident ID) and names a Wenzhou clerk would expect.
import {
  type Category,
  daysInMonth,
  formatIsoDate,
  type IsoDate,
  isValidResidentId,
  makeResidentId,
  makeUscc,
  parseIsoDate,
  ruleSetById,
  type Sector,
  USCC_ALPHABET,
} from '@fenji/domain';
import type { Rng } from './prng.ts';
import {
  CATEGORY_PROFILES,
  COUNTIES,
  type County,
  FEMALE_CHARS,
  MALE_CHARS,
  MIGRANT_ID_PREFIXES,
  SCHOOLS,
  SURNAMES,
  TRADE_NAMES,
  UNIT_COMPANIES,
  UNIT_INSTITUTIONS,
} from './wenzhou.ts';

export type Quality = 'good' | 'average' | 'poor';
/** 个体工商户 (92…), company (91…) or public institution (12…). */
export type Form = 'individual' | 'company' | 'institution';

export interface Person {
  name: string;
  idNumber: string;
}

export interface Ent {
  uscc: string;
  name: string;
  county: County;
  category: Category;
  sector: Sector;
  tier: string;
  key: boolean;
  form: Form;
  licensedOn: IsoDate;
  rep?: Person;
  /** Hidden trait that makes an enterprise's inspections, samples and penalties hang together. */
  quality: Quality;
  /** Part of a guaranteed scenario: corrections and deregistration leave it alone. */
  reserved: boolean;
}

export interface InspectorRec {
  inspectorId: string;
  name: string;
  county: County;
  active: boolean;
  maxPerPeriod: number;
  conflicts: string[];
  /** An inactive inspector's last working day; they appear on inspections up to it. */
  until?: IsoDate;
}

/** Used identifiers and names across the whole sample: they must not collide by chance. */
export interface Registry {
  uscc: Set<string>;
  residentIds: Set<string>;
  names: Set<string>;
}

export function newRegistry(): Registry {
  return { uscc: new Set(), residentIds: new Set(), names: new Set() };
}

// The category table of grading-model.md §3 lives in the rule sets; both give the same map.
const CATEGORY_MAP = ruleSetById('cn-2022').categories.map;

export function categoryInfo(category: Category): { sector: Sector; tier: string; key: boolean } {
  const c = CATEGORY_MAP[category];
  return { sector: c.sector, tier: c.tier, key: c.flags.includes('key') };
}

/**
 * `n` items in proportion to their weights (largest remainder), each at least `minEach` times:
 * exact shares keep a small sample (tests use 200) from missing a county or a rare category.
 */
export function allocate<T>(items: readonly (readonly [T, number])[], n: number, minEach: number): T[] {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const exact = items.map(([, w]) => (w / total) * n);
  const counts = exact.map((x) => Math.max(minEach, Math.floor(x)));
  let diff = n - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; diff > 0; k++, diff--) (counts[(byRemainder[k % byRemainder.length] as { i: number }).i] as number)++;
  while (diff < 0) {
    let largest = 0;
    for (let i = 1; i < counts.length; i++) if ((counts[i] as number) > (counts[largest] as number)) largest = i;
    (counts[largest] as number)--;
    diff++;
  }
  return items.flatMap(([item], i) => Array.from({ length: counts[i] as number }, () => item));
}

// ---------------------------------------------------------------------------------------------
// People

export function personName(rng: Rng, male: boolean): string {
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  let given = rng.pick(chars);
  if (rng.chance(0.75)) {
    let second = rng.pick(chars);
    while (second === given) second = rng.pick(chars);
    given += second;
  }
  return rng.weighted(SURNAMES) + given;
}

/**
 * A person living in `county` who was an adult (20 to 60) on `adultOn`: mostly born there, some
 * elsewhere in Wenzhou, some from the provinces whose migrants run many small shops. The ID's
 * 17th digit is odd for men.
 */
export function makePerson(rng: Rng, county: County, adultOn: IsoDate, reg: Registry): Person {
  const male = rng.chance(0.58);
  const name = personName(rng, male);
  const origin = rng.float();
  const prefix =
    origin < 0.72
      ? rng.pick(county.idPrefixes)
      : origin < 0.85
        ? rng.pick(rng.pick(COUNTIES).idPrefixes)
        : rng.pick(MIGRANT_ID_PREFIXES);
  const adultYear = parseIsoDate(adultOn).year;
  for (;;) {
    const year = rng.int(adultYear - 60, adultYear - 20);
    const month = rng.int(1, 12);
    const day = rng.int(1, daysInMonth(year, month));
    const seq = rng.int(0, 49) * 2 + (male ? 1 : 0) + rng.int(0, 9) * 100;
    const birth = formatIsoDate(year, month, day).replaceAll('-', '');
    const id = makeResidentId(`${prefix}${birth}${String(seq).padStart(3, '0')}`);
    if (reg.residentIds.has(id)) continue;
    reg.residentIds.add(id);
    return { name, idNumber: id };
  }
}

// ---------------------------------------------------------------------------------------------
// Identifiers

const LETTERS = [...USCC_ALPHABET].filter((c) => c >= 'A');
const DIGITS = '0123456789';

function randomChars(rng: Rng, alphabet: string | readonly string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick([...alphabet]);
  return s;
}

/**
 * A unified social credit code: `9` (market regulation) or `1` (establishment office), the
 * entity type (1 company, 2 individual business; 2 for public institutions), the county code,
 * a 9-character organisation part and the check character. Codes issued since the 2015
 * reform begin their organisation part with `MA`; older companies kept their 9-digit
 * organisation code, which is re-drawn in the rare case the whole code would also pass as a
 * resident ID number (it would then be masked wherever it is printed).
 */
export function makeUsccFor(rng: Rng, form: Form, county: County, licensedOn: IsoDate, reg: Registry): string {
  const head = form === 'individual' ? '92' : form === 'company' ? '91' : '12';
  for (;;) {
    let org: string;
    if (form === 'institution') org = `4${randomChars(rng, DIGITS, 7)}${rng.chance(0.1) ? 'X' : rng.pick([...DIGITS])}`;
    else if (licensedOn >= '2015-10-01' || form === 'individual') {
      org = `MA${rng.pick(['2', '5', '6', '7', 'C', 'D'])}${randomChars(rng, [...USCC_ALPHABET], 5)}${rng.pick(LETTERS)}`;
    } else org = `${rng.pick(['14', '25', '60', '70', '73', '79'])}${randomChars(rng, DIGITS, 7)}`;
    const uscc = makeUscc(`${head}${county.code}${org}`);
    if (reg.uscc.has(uscc) || isValidResidentId(uscc)) continue;
    reg.uscc.add(uscc);
    return uscc;
  }
}

// ---------------------------------------------------------------------------------------------
// Names

function isDistrict(county: County): boolean {
  return county.prefix.startsWith('温州市');
}

function companyPrefix(rng: Rng, county: County): string {
  return isDistrict(county)
    ? rng.weighted([
        ['温州', 5],
        ['温州市', 2],
        [county.prefix, 3],
      ] as const)
    : county.prefix;
}

function tradeName(rng: Rng, form: Form): string {
  if (form === 'individual' && rng.chance(0.25)) {
    const surname = rng.weighted(SURNAMES);
    return rng.chance(0.6) ? `${surname}记` : `阿${rng.pick(MALE_CHARS)}`;
  }
  return rng.pick(TRADE_NAMES);
}

function baseName(rng: Rng, form: Form, category: Category, county: County): string {
  const profile = CATEGORY_PROFILES[category];
  const town = rng.pick(county.towns);
  if (form === 'institution') {
    if (category === 'school_canteen') return `${county.prefix}${town}${rng.pick(SCHOOLS)}食堂`;
    const unit = rng.pick(UNIT_INSTITUTIONS);
    return unit === '卫生院' ? `${county.prefix}${town}镇卫生院食堂` : `${county.prefix}${unit}职工食堂`;
  }
  const trade = tradeName(rng, form);
  if (form === 'individual') {
    return `${county.prefix}${rng.chance(0.35) ? town : ''}${trade}${rng.pick(profile.shops)}`;
  }
  if (category === 'unit_canteen') return `${companyPrefix(rng, county)}${trade}${rng.pick(UNIT_COMPANIES)}职工食堂`;
  const company = `${companyPrefix(rng, county)}${trade}${rng.pick(profile.companies)}`;
  // Chains license every outlet: 温州鑫源大药房连锁有限公司五马店.
  if (company.endsWith('连锁有限公司') || (category === 'prepackaged_food' && rng.chance(0.3))) {
    return `${company}${town}${rng.chance(0.5) ? '店' : '分店'}`;
  }
  return company;
}

/**
 * Real exports carry the clerks' punctuation: branch names in ASCII brackets, a half-width
 * comma, a shop's trade name in straight quotes. The last two need RFC 4180 quoting in CSV.
 */
function messy(rng: Rng, name: string, county: County): string {
  const x = rng.float();
  if (x < 0.03) return `${name}(${rng.pick(county.towns)}店)`;
  if (x < 0.04) return `${name},${rng.pick(county.towns)}分店`;
  if (x < 0.05) {
    const trade = TRADE_NAMES.find((t) => name.includes(t));
    if (trade !== undefined) return name.replace(trade, `"${trade}"`);
  }
  return name;
}

export function makeEnterpriseName(rng: Rng, form: Form, category: Category, county: County, reg: Registry): string {
  for (let attempt = 0; ; attempt++) {
    let name = messy(rng, baseName(rng, form, category, county), county);
    if (attempt >= 8) name = `${name}（${rng.pick(county.towns)}${attempt - 7}店）`;
    if (!reg.names.has(name)) {
      reg.names.add(name);
      return name;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Enterprises and inspectors

const QUALITY: readonly (readonly [Quality, number])[] = [
  ['good', 55],
  ['average', 33],
  ['poor', 12],
];

const EARLIEST_LICENCE = '2008-01-01';

/** Licences from 2008 on, more of them recent: small food businesses open and close often. */
export function licenceDate(
  rng: Rng,
  asOfDay: number,
  toDate: (day: number) => IsoDate,
  toDay: (d: IsoDate) => number,
) {
  const first = toDay(EARLIEST_LICENCE);
  const last = asOfDay - 3;
  return toDate(workday(rng, first + Math.floor((last - first) * rng.float() ** 0.75), first, last));
}

/**
 * Offices work Monday to Friday and close for the National Day week: most dates falling there
 * move to a working day of the same (or, for the holiday, the next) week, within [lo, hi].
 * Day 0 (1970-01-01) was a Thursday.
 */
export function workday(rng: Rng, day: number, lo: number, hi: number): number {
  if (rng.chance(0.04)) return day;
  const t = new Date(day * 86_400_000);
  const d = t.getUTCMonth() === 9 && t.getUTCDate() <= 7 && day + 7 <= hi ? day + 7 : day;
  const fromMonday = (((d + 3) % 7) + 7) % 7;
  if (fromMonday < 5) return d;
  const monday = d - fromMonday;
  const options = [0, 1, 2, 3, 4].map((k) => monday + k).filter((x) => x >= lo && x <= hi);
  return options.length > 0 ? rng.pick(options) : d;
}

export function makeEnterprise(rng: Rng, county: County, category: Category, licensedOn: IsoDate, reg: Registry): Ent {
  const profile = CATEGORY_PROFILES[category];
  const x = rng.float();
  const form: Form =
    x < profile.institution ? 'institution' : x < profile.institution + profile.individual ? 'individual' : 'company';
  const info = categoryInfo(category);
  const uscc = makeUsccFor(rng, form, county, licensedOn, reg);
  const name = makeEnterpriseName(rng, form, category, county, reg);
  const quality = rng.weighted(QUALITY);
  const rep = rng.chance(0.9) ? makePerson(rng, county, licensedOn, reg) : undefined;
  return { uscc, name, county, category, ...info, form, licensedOn, rep, quality, reserved: false };
}

/** Six to ten inspectors per county, more where there are more businesses. */
export function makeInspectors(rng: Rng, ents: readonly Ent[], asOfDay: number, toDate: (day: number) => IsoDate) {
  const reg = newRegistry();
  const weights = COUNTIES.map((c) => c.weight);
  const lo = Math.min(...weights);
  const hi = Math.max(...weights);
  const out: InspectorRec[] = [];
  for (const county of COUNTIES) {
    const n = Math.min(10, Math.max(6, Math.round(6 + (4 * (county.weight - lo)) / (hi - lo)) + rng.int(-1, 1)));
    const local = ents.filter((e) => e.county === county);
    let inactive = 0;
    for (let i = 1; i <= n; i++) {
      let name = personName(rng, rng.chance(0.6));
      while (reg.names.has(name)) name = personName(rng, rng.chance(0.6));
      reg.names.add(name);
      // Retired or transferred: still on the older inspections, never planned again.
      const active = !(inactive < 2 && i > 2 && rng.chance(0.12));
      if (!active) inactive++;
      // A relative runs a shop on their beat: they must not inspect it (recusal).
      const conflicts =
        local.length > 0 && rng.chance(0.15)
          ? [...new Set(Array.from({ length: rng.int(1, 2) }, () => rng.pick(local).uscc))]
          : [];
      out.push({
        inspectorId: `I-${county.code}-${String(i).padStart(2, '0')}`,
        name,
        county,
        active,
        maxPerPeriod: rng.int(4, 12) * 5,
        conflicts,
        until: active ? undefined : toDate(asOfDay - rng.int(60, 500)),
      });
    }
  }
  return out;
}
