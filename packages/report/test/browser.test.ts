// Opens a rendered report in a real headless Chromium: the page must draw every chart with no
// error and no request beyond its own file. The browser comes from npm (test/support/browser.ts),
// or CHROMIUM_PATH; one that will not start is a failure, not a skip, so a CI image without it
// cannot pass silently.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchTestBrowser, watchPage } from '../../../test/support/browser.ts';
import { renderReport } from '../src/index.ts';
import { fixture } from './fixture.ts';

const OUTPUT = fileURLToPath(new URL('./__output__/', import.meta.url));

interface CanvasState {
  id: string;
  width: number;
  height: number;
  inked: boolean;
  label: string | null;
}

describe('report.html in headless Chromium', () => {
  let browser: Browser | undefined;
  let dir: string | undefined;

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart with no error and no network request', async () => {
    // Launched inside the test, not in a hook, so a browser that will not start is a failed test
    // in the summary rather than a failed suite whose test shows as skipped.
    browser = await launchTestBrowser();
    dir = mkdtempSync(join(tmpdir(), 'fenji-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(fixture()));
    const url = pathToFileURL(file).href;

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { errors, requests } = watchPage(page);

    await page.goto(url, { waitUntil: 'load' });

    expect(await page.title()).toBe('fenji 分级报告 Grading report · 2026-11-30 · 2026-Q4');
    // The stylesheet applied (an escaped one would leave the browser's default serif face).
    expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toMatch(/sans-serif$/);
    // Strings, not functions: the test is type-checked against Node's lib, which has no DOM.
    const canvases = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let inked = false;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) { inked = true; break; }
      return { id: c.id, width: c.width, height: c.height, inked, label: c.getAttribute('aria-label') };
    })`)) as CanvasState[];
    const instances = (await page.evaluate('Object.keys(Chart.instances).length')) as number;

    expect(canvases.map((c) => c.id)).toEqual([
      'chart-grade-region',
      'chart-credit-region',
      'chart-changes-region',
      'chart-discipline-region',
      'chart-plan-region',
      'chart-inspector-load',
      'chart-deadlines-sampling_disposal',
      'chart-deadlines-penalty_publicity',
      'chart-deadlines-repair_acceptance',
      'chart-deadlines-repair_decision',
      'chart-rejects',
      'chart-stages',
    ]);
    expect(instances).toBe(canvases.length);
    for (const c of canvases) {
      expect(c.width, c.id).toBeGreaterThan(0);
      expect(c.height, c.id).toBeGreaterThan(0);
      expect(c.inked, `${c.id} has pixels`).toBe(true);
      expect(c.label, `${c.id} has an accessible title`).toMatch(/[\u4e00-\u9fff].* [A-Z]/);
    }
    // The injected name is on the page as text, and no script ran from it.
    expect(await page.locator('td', { hasText: '<script>alert(1)</script>' }).count()).toBeGreaterThan(0);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'report.png'), fullPage: true });

    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
