// The regulators' web console end to end (issue 16): a generated sample graded by the local
// pipeline, `npm run serve`'s server over that state (the API and the console at /console/ on one
// origin, with the console's CSP), and the test Chromium signing in with local tokens. Every page
// must render real data, with no console error, no request to another origin, and no serious or
// critical axe-core violation; another district's enterprise must show nothing of it; an expired
// token must bring the sign-in page back. Screenshots of every page go to out/console/.
//
// The clock is fixed everywhere — the pipeline, the server, the tokens and the browser's Date — so
// the test passes on any day.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { fixedClock, makeUscc } from '@fenji/domain';
import { runPipeline, silentProgress } from '@fenji/local';
import { writeDataset } from '@fenji/sample';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken, signingKey } from '../../packages/local/src/auth.ts';
import { type Serving, serve } from '../../packages/local/src/serve.ts';
import { launchTestBrowser } from '../support/browser.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONSOLE = join(ROOT, 'packages', 'console');
const SHOTS = join(ROOT, 'out', 'console');
const clock = fixedClock('2026-11-30T04:00:00Z');
const PERIOD = '2026-Q4';
const SEED = 'console-e2e-seed';
const DISTRICT = '330302'; // 鹿城区
const OTHER = '330303'; // 龙湾区
const TOKEN_KEY = 'fenji.console.token';

interface Line {
  uscc: string;
  name: string;
  region: string;
  riskGrade: string;
  creditClass: string;
  riskScore: number;
  factors: unknown[];
}

/** The console is built by `npm ci` (the root prepare script); a checkout without dist/ builds it here. */
function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE, 'dist', 'index.html'))) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build'], { cwd: CONSOLE, encoding: 'utf8' });
  if (built.status !== 0 || !existsSync(join(CONSOLE, 'dist', 'index.html')))
    throw new Error(
      `packages/console/dist is missing and building it failed; run \`npm run build -w @fenji/console\`.\n${built.stderr}`,
    );
}

let serving: Serving;
let browser: Browser;
let key: Uint8Array;
let lines: Line[];
let mine: Line;
let other: Line;
let root: string;
/** Everything the browser said or asked for, over every page of every test. */
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

const token = (regions: string[], offsetSeconds = 0, expiresIn = '8h') =>
  mintToken(
    { regions, role: 'regulator', expiresIn, now: new Date(clock.now().getTime() + offsetSeconds * 1000) },
    key,
  );

/**
 * A browser context on the fixed clock whose page reports console errors and foreign requests.
 * `refusedToken`: the test sends a token the server refuses, so the browser's own "Failed to load
 * resource: … 401" network line is expected (and nothing else).
 */
async function open(width = 1280, refusedToken = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true });
  // The browser's Date is the server's fixed instant: token expiry reads the same clock on both sides.
  await context.clock.setFixedTime(clock.now());
  const page = await context.newPage();
  const origin = new URL(serving.url).origin;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (refusedToken && /Failed to load resource: .*status of 401/.test(m.text())) return;
    consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.origin !== origin) foreignRequests.push(r.url());
  });
  return { context, page };
}

// This file is type-checked without the DOM library: what runs in the page sees the document
// through this much of it. (waitForFunction takes functions: a string would be eval'd, which the
// console's CSP refuses.)
interface PageDocument {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ style: { height: string } }>;
}

/** Waits until the page has its heading, nothing is loading, and every chart is drawn. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const d = (globalThis as unknown as { document: PageDocument }).document;
    return (
      d.querySelector('main h1') !== null &&
      d.querySelectorAll('.loading').length === 0 &&
      Array.from(d.querySelectorAll('canvas')).every((c) => c.style.height !== '')
    );
  });
}

async function signInShown(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: PageDocument }).document.querySelector('main h1')?.textContent === '登录',
  );
  await settled(page);
}

const stored = (page: Page, storage: 'sessionStorage' | 'localStorage') =>
  page.evaluate(`${storage}.getItem(${JSON.stringify(TOKEN_KEY)})`);

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${serving.url}/console${path}`);
  await settled(page);
}

/**
 * No serious or critical axe-core violation (WCAG 2.1 A and AA rules), and a screenshot under
 * out/console/. `axe: false` for another view of a page already audited (a language, a width).
 */
async function audit(page: Page, name: string, options: { axe?: boolean } = {}): Promise<void> {
  if (options.axe !== false) {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad, `axe on ${name}`).toEqual([]);
  }
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The text of an element ('' when there is none). */
const text = async (locator: Locator) => (await locator.textContent()) ?? '';
const mainText = (page: Page) => text(page.locator('main'));

/** RFC 4180 rows as header → value. */
function rowsOf(csv: string): Record<string, string>[] {
  const cells = (line: string) => {
    const out: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        out.push(cell);
        cell = '';
      } else cell += c;
    }
    return [...out, cell];
  };
  const [head, ...rows] = csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
  const names = cells(head as string);
  return rows.map((line) => Object.fromEntries(cells(line).map((v, i) => [names[i], v])));
}
const planKey = (r: Record<string, string>) =>
  [
    r.period,
    r.region,
    r.riskGrade,
    r.keyInspection,
    r.uscc,
    r.name,
    r.kind,
    r.slot,
    r.inspector1,
    r.inspector2,
    r.status,
  ].join('|');

describe('the web console on npm run serve', () => {
  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // The browser starts while the pipeline runs.
    const starting = launchTestBrowser();
    starting.catch(() => undefined);
    root = mkdtempSync(join(tmpdir(), 'fenji-console-'));
    await writeDataset(join(root, 'data'), { enterprises: 200, seed: 'console-e2e', asOf: '2026-11-30' });
    await runPipeline(
      {
        data: join(root, 'data'),
        asOf: '2026-11-30',
        period: PERIOD,
        seed: SEED,
        state: join(root, 'state'),
        out: join(root, 'out'),
        clock,
      },
      silentProgress,
    );
    lines = readFileSync(join(root, 'out', 'assessments.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byScore = (a: Line, b: Line) => b.riskScore - a.riskScore || (a.uscc < b.uscc ? -1 : 1);
    mine = lines.filter((l) => l.region === DISTRICT).sort(byScore)[0] as Line;
    other = lines.filter((l) => l.region === OTHER).sort(byScore)[0] as Line;
    serving = await serve({ state: join(root, 'state'), port: 0, clock });
    key = signingKey(join(root, 'state'));
    browser = await starting;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serving?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('serves the console with its CSP; deep links load the app', async () => {
    const page = await fetch(`${serving.url}/console/enterprises/${mine.uscc}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(await page.text()).toContain('<div id="app">');
    expect(await (await fetch(`${serving.url}/console/config.json`)).json()).toEqual({
      apiBase: '',
      auth: { mode: 'token' },
    });
  });

  it('signs in from the #token= link; the token leaves the address bar and stays in the tab only', async () => {
    const { context, page } = await open();
    const t = await token([DISTRICT]);
    await page.goto(`${serving.url}/console/#token=${t}`);
    await settled(page);
    expect(page.url()).toBe(`${serving.url}/console/`);
    expect(await page.evaluate('window.location.hash')).toBe('');
    expect(await stored(page, 'sessionStorage')).toBe(t);
    expect(await stored(page, 'localStorage')).toBeNull();
    expect(await text(page.locator('main h1'))).toBe('工作台');
    // A new tab of the same browser has no session: it asks to sign in.
    const second = await context.newPage();
    await second.goto(`${serving.url}/console/`);
    await settled(second);
    expect(await text(second.locator('main h1'))).toBe('登录');
    await context.close();
  });

  it('every page renders real data of the district, passes axe, and is written to out/console/', async () => {
    const { context, page } = await open();
    await page.goto(`${serving.url}/console/#token=${await token([DISTRICT])}`);
    await settled(page);

    // Overview: both distributions drawn, the district's counts, the latest run.
    const mineCount = lines.filter((l) => l.region === DISTRICT).length;
    expect(await page.locator('canvas').count()).toBe(2);
    expect(await mainText(page)).toContain('鹿城区 330302');
    expect(await text(page.locator('#dist-h + .stats .value').first())).toBe(String(mineCount));
    expect(await mainText(page)).toContain('local-2026-11-30-1');
    await audit(page, 'home');
    // The keyboard: the first Tab reaches the skip link, which moves the focus to the page.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('跳到正文');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle'), 'visible focus').toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    // The enterprise: name, grade, class, every factor with its basis, history chart, records masked
    // — loaded in under a second (the better of two loads, the second with the chunks cached).
    const loads: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      await visit(page, `/enterprises/${mine.uscc}`);
      loads.push(performance.now() - t0);
    }
    expect(Math.min(...loads), 'the enterprise page renders in under 1 s').toBeLessThan(1000);
    expect(await text(page.locator('main h1'))).toBe(mine.name);
    const result = await text(page.locator('#result-h + dl'));
    expect(result).toContain(`${mine.riskGrade} 级`);
    expect(result).toContain(`${mine.creditClass} 类`);
    expect(await page.locator('#factors-h ~ .table-wrap tbody tr').count()).toBe(mine.factors.length);
    expect(await text(page.locator('#factors-h ~ .table-wrap tbody'))).toMatch(/《.+》/);
    expect(await page.locator('section:has(#history-h) canvas').count()).toBe(1);
    expect(await text(page.locator('#records-h ~ dl'))).toMatch(/\d{6}\*{8}\d{3}[\dX]/);
    await audit(page, 'enterprise');

    // Search by the start of a name: only enterprises of the district.
    await visit(page, `/enterprises?q=${encodeURIComponent(mine.name.slice(0, 4))}`);
    await expect.poll(() => page.locator('#results-h ~ .table-wrap tbody tr').count()).toBeGreaterThan(0);
    const regionsFound = await page.locator('#results-h ~ .table-wrap tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(regionsFound)).toEqual(new Set(['鹿城区 330302']));
    await audit(page, 'search');

    // The region: the grade × class matrix and the list.
    await visit(page, `/regions/${DISTRICT}`);
    expect(await page.locator('#list-h ~ .table-wrap tbody tr').count()).toBe(Math.min(mineCount, 50));
    await page.selectOption('#f-grade', mine.riskGrade);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/riskGrade=/);
    const grades = () => page.locator('#list-h ~ .table-wrap tbody tr td:nth-child(5)').allTextContents();
    await expect.poll(async () => [...new Set(await grades())]).toEqual([`${mine.riskGrade} 级`]);
    await audit(page, 'region');

    await visit(page, '/regions');
    expect(await mainText(page)).toContain('鹿城区 330302');
    await audit(page, 'regions');

    await visit(page, '/discipline');
    expect(await page.locator('#listings-h').count()).toBe(1);
    expect(await page.locator('#candidates-h').count()).toBe(1);
    await audit(page, 'discipline');

    await visit(page, '/cases');
    expect(await text(page.locator('#metrics-h'))).toContain(PERIOD);
    expect(await page.locator('#queue-h ~ .table-wrap tbody tr').count()).toBeGreaterThan(0);
    const states = await page.locator('#queue-h ~ .table-wrap tbody tr td:first-child').allTextContents();
    const firstOther = states.findIndex((s) => s !== '已逾期');
    expect(firstOther === -1 || !states.slice(firstOther).includes('已逾期'), 'overdue first').toBe(true);
    await audit(page, 'cases');

    await visit(page, '/runs');
    await page.getByRole('link', { name: 'local-2026-11-30-1' }).first().click();
    await page.waitForURL(/\/runs\/local-2026-11-30-1$/);
    await page.locator('#run-h').waitFor();
    await settled(page);
    expect(await text(page.locator('section:has(#run-h)'))).toContain('已完成');
    await audit(page, 'runs');

    // English, remembered across a reload.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await text(page.locator('main h1'))).toContain('Grading run');
    await page.reload();
    await settled(page);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await visit(page, `/enterprises/${mine.uscc}`);
    expect(await text(page.locator('#factors-h'))).toBe('How the risk score is made');
    await audit(page, 'enterprise-en', { axe: false });
    await page.getByRole('button', { name: '中文' }).click();

    // A phone.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
    await visit(page, '/');
    expect(await page.evaluate(overflow), 'no sideways scrolling of the page at 390 px').toBe(0);
    await audit(page, 'home-390', { axe: false });
    await visit(page, `/enterprises/${mine.uscc}`);
    expect(await page.evaluate(overflow)).toBe(0);
    await audit(page, 'enterprise-390', { axe: false });
    await context.close();
  }, 90_000);

  it('the plan: rows, inspector load, the verification data, and a CSV made in the browser', async () => {
    const { context, page } = await open();
    await page.goto(`${serving.url}/console/#token=${await token([DISTRICT])}`);
    await settled(page);
    await page.getByRole('link', { name: '双随机抽查' }).click();
    await page.waitForURL(new RegExp(`/console/plans/${PERIOD}$`));
    await page.locator('#verify-h').waitFor();
    await settled(page);
    const shown = await mainText(page);
    expect(shown).toContain(SEED);
    expect(shown).toContain('✓');
    const meta = JSON.parse(readFileSync(join(root, 'out', 'plan-meta.json'), 'utf8'));
    expect(shown).toContain(meta.seedCommitment);
    // The CSV made in the browser holds the district's rows of the published plan.csv.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载 CSV/ }).click(),
    ]);
    const got = readFileSync(await download.path(), 'utf8');
    expect(got.startsWith('\uFEFFperiod,region,')).toBe(true);
    const published = rowsOf(readFileSync(join(root, 'out', 'plan.csv'), 'utf8')).filter((r) => r.region === DISTRICT);
    expect(published.length).toBeGreaterThan(0);
    expect(rowsOf(got).map(planKey)).toEqual(published.map(planKey));
    expect(await page.locator('#load-h ~ .table-wrap tbody tr').count()).toBeGreaterThan(0);
    await audit(page, 'plan');
    await context.close();
  });

  it('another district’s enterprise shows 未找到 / not found and nothing of it, as one that does not exist', async () => {
    const { context, page } = await open();
    await page.goto(`${serving.url}/console/#token=${await token([DISTRICT])}`);
    await settled(page);
    await visit(page, `/enterprises/${other.uscc}`);
    const shown = await mainText(page);
    expect(shown).toContain('未找到 / not found');
    expect(shown).not.toContain(other.name);
    expect(await page.locator('main .badge').count()).toBe(0);
    expect(shown).not.toMatch(/[A-D] 级|[A-D] 类/);
    await audit(page, 'not-found');
    // Exactly what an enterprise that does not exist shows.
    const missing = makeUscc('91330303MA0000000');
    expect(lines.map((l) => l.uscc)).not.toContain(missing);
    await visit(page, `/enterprises/${missing}`);
    expect(await mainText(page)).toBe(shown);
    // Nor does the search name it, by its code or its name.
    await visit(page, `/enterprises?q=${other.uscc}`);
    expect(await mainText(page)).not.toContain(other.name);
    await context.close();
  });

  it('city (330300) and province (330000) tokens see their districts', async () => {
    const asRegion = async (code: string, label: string) => {
      const { context, page } = await open();
      await page.goto(`${serving.url}/console/#token=${await token([code])}`);
      await settled(page);
      const shown = await mainText(page);
      expect(shown).toContain('鹿城区 330302');
      expect(shown).toContain('龙湾区 330303');
      expect(await text(page.locator('#dist-h + .stats .value').first())).toBe(String(lines.length));
      await audit(page, `home-${label}`, { axe: false });
      await visit(page, `/enterprises/${other.uscc}`);
      expect(await text(page.locator('main h1'))).toBe(other.name);
      // Pages of the whole city or province: next, then back.
      await visit(page, `/regions/${code}`);
      const firstRow = () => text(page.locator('#list-h ~ .table-wrap tbody tr').first());
      const first = await firstRow();
      await page.getByRole('link', { name: '下一页' }).click();
      await page.waitForURL(/cursor=/);
      await expect.poll(firstRow).not.toBe(first);
      await page.getByRole('link', { name: '上一页' }).click();
      await expect.poll(firstRow).toBe(first);
      await context.close();
    };
    await Promise.all([asRegion('330300', 'city'), asRegion('330000', 'province')]);
  }, 90_000);

  it('an expired token returns to the sign-in page with a message, never a blank page', async () => {
    // Opened with a token that has expired.
    const { context, page } = await open();
    await page.goto(`${serving.url}/console/#token=${await token([DISTRICT], -9 * 3600)}`);
    await settled(page);
    expect(page.url()).toBe(`${serving.url}/console/`);
    expect(await text(page.locator('main h1'))).toBe('登录');
    expect(await mainText(page)).toContain('登录已过期');
    expect(await stored(page, 'sessionStorage')).toBeNull();
    await audit(page, 'signin-expired');

    // A token that expires while the console is open: the next page asks to sign in again.
    await page.goto(`${serving.url}/console/#token=${await token([DISTRICT], 0, '30m')}`);
    await settled(page);
    expect(await text(page.locator('main h1'))).toBe('工作台');
    await context.clock.setFixedTime(new Date(clock.now().getTime() + 31 * 60_000));
    await page.getByRole('link', { name: '时限案件' }).click();
    await signInShown(page);
    expect(await text(page.locator('main h1'))).toBe('登录');
    expect(await mainText(page)).toContain('登录已过期');

    await context.close();

    // A token the server refuses (signed with another key): its 401 signs out too.
    const refused = await open(1280, true);
    const forged = await mintToken({ regions: [DISTRICT], role: 'regulator', now: clock.now() }, new Uint8Array(32));
    await refused.page.goto(`${serving.url}/console/regions/${DISTRICT}#token=${forged}`);
    await signInShown(refused.page);
    expect(await mainText(refused.page)).toContain('服务器不接受此令牌');
    expect(await stored(refused.page, 'sessionStorage')).toBeNull();
    await refused.context.close();
  });

  it('no page wrote a console error or asked any other origin', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
