// impact.html (`npm run impact`) in the suite's headless Chromium: the transition heat maps are on
// the page with the numbers of impact.json, the inspector-load and score charts are drawn, and
// nothing errs, runs from a name or goes to the network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchTestBrowser, watchPage } from '../../../test/support/browser.ts';
import { escapeHtml } from '../src/html.ts';
import { renderImpact } from '../src/index.ts';
import { XSS_NAME } from './fixture.ts';
import { impactFixture } from './impact-fixture.ts';

interface CanvasState {
  id: string;
  inked: boolean;
  label: string | null;
}

describe('impact.html', () => {
  let browser: Browser | undefined;
  let dir: string | undefined;

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names every changed rule value and prints names as text', () => {
    const html = renderImpact(impactFixture());
    expect(html).toContain('categories.map.pastry.tier');
    expect(html).toContain(escapeHtml(XSS_NAME));
    expect(html).not.toContain('<script>alert(1)');
  });

  it('shows the matrices as heat maps and draws the charts in Chromium, with no error or request', async () => {
    const report = impactFixture();
    browser = await launchTestBrowser();
    dir = mkdtempSync(join(tmpdir(), 'fenji-impact-'));
    const file = join(dir, 'impact.html');
    writeFileSync(file, renderImpact(report));
    const url = pathToFileURL(file).href;

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { errors, requests } = watchPage(page);
    await page.goto(url, { waitUntil: 'load' });

    expect(await page.title()).toBe('fenji 规则变更影响 Rule-change impact · cn-2022 → pastry-ii · 2026-11-30');
    // Overall and per district, risk grade and credit class: 2 + 2 × 3 heat maps of 4 × 4 cells.
    const maps = (await page.evaluate(`[...document.querySelectorAll('table.heatmap')].map((t) => ({
      id: t.id,
      counts: [...t.querySelectorAll('td.heat')].map((c) => Number(c.dataset.count)),
      coloured: [...t.querySelectorAll('td.heat')].filter((c) => getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)').length,
    }))`)) as { id: string; counts: number[]; coloured: number }[];
    expect(maps.map((m) => m.id)).toEqual([
      'heat-risk',
      'heat-credit',
      ...report.transitions.byRegion.flatMap((r) => [`heat-risk-${r.region}`, `heat-credit-${r.region}`]),
    ]);
    expect(maps[0]?.counts).toEqual(report.transitions.overall.riskGrade.flat());
    expect(maps[1]?.counts).toEqual(report.transitions.overall.creditClass.flat());
    for (const m of maps)
      expect(m.coloured, `${m.id}: every non-zero cell is tinted`).toBe(m.counts.filter((n) => n > 0).length);

    const canvases = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let inked = false;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) { inked = true; break; }
      return { id: c.id, inked, label: c.getAttribute('aria-label') };
    })`)) as CanvasState[];
    expect(canvases.map((c) => c.id)).toEqual(['chart-impact-load', 'chart-impact-over', 'chart-impact-scores']);
    for (const c of canvases) {
      expect(c.inked, `${c.id} has pixels`).toBe(true);
      expect(c.label, `${c.id} has a bilingual title`).toMatch(/[\u4e00-\u9fff].* [A-Z]/);
    }
    expect(await page.locator('td', { hasText: '<script>alert(1)</script>' }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
