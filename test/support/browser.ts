// Launches the headless Chromium that browser tests drive.
//
// The suite must pass on a machine with nothing but Node and the npm registry (no apt, no browser
// download), so the browser comes with `npm ci`: @sparticuz/chromium ships a brotli-compressed
// headless Chromium inside its npm package, with the NSS and expat libraries it links to and the
// Open Sans font, and this unpacks them under the temp folder; nothing is fetched. Open Sans has
// no Chinese, so @embedpdf/fonts-sc's Noto Sans Hans (Simplified Chinese OTFs) joins it in a
// fonts.conf of our own that Chromium's built-in fontconfig reads instead of the machine's, so
// every machine renders the report alike.
//
// CHROMIUM_PATH, when set to a file that exists, wins, and runs with the machine's libraries and
// fonts. A browser that cannot be unpacked or started throws, so the test fails, never skips.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What a self-contained page did wrong, collected as it loads: console errors and warnings,
 * uncaught exceptions, dialogs (every injection in the fixtures calls alert(), so a dialog means
 * one ran) and every request (a page that needs nothing but its own file requests only that).
 */
export function watchPage(page: Page): { errors: string[]; requests: string[] } {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { errors, requests };
}

export async function launchTestBrowser(): Promise<Browser> {
  const own = process.env.CHROMIUM_PATH;
  const useOwn = own !== undefined && own !== '' && existsSync(own);
  try {
    if (useOwn) return await chromium.launch({ executablePath: own, args: FLAGS });
    const dir = await unpack();
    return await chromium.launch({
      executablePath: join(dir, 'chromium'),
      args: FLAGS,
      env: {
        ...process.env,
        LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
        FONTCONFIG_FILE: join(dir, 'fonts.conf'),
      },
    });
  } catch (e) {
    const from = useOwn
      ? `CHROMIUM_PATH=${own}`
      : `@sparticuz/chromium${own ? ` (CHROMIUM_PATH=${own} does not exist)` : ''}`;
    throw new Error(
      `The test Chromium from ${from} did not start: ${(e as Error).message}\n` +
        (useOwn
          ? 'Point CHROMIUM_PATH at a working Chromium, or unset it to use the one `npm ci` installs.'
          : 'Run `npm ci` (it installs the browser), or set CHROMIUM_PATH to a Chromium binary.'),
      { cause: e },
    );
  }
}

/** Unpacks browser, libraries and fonts once per package versions; returns the folder. */
async function unpack(): Promise<string> {
  const require = createRequire(import.meta.url);
  const pkg = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  const cjk = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..');
  const version = (d: string) =>
    (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = join(tmpdir(), `fenji-chromium-${version(pkg)}-fonts-sc-${version(cjk)}`);
  if (existsSync(join(dir, 'fonts.conf'))) return dir;

  // @sparticuz/chromium unpacks into os.tmpdir(), which it reads before its first await: point
  // TMPDIR at a private staging folder for each call, then move the finished folder in whole, so
  // a killed run, a parallel worker or another version in /tmp/chromium never gets in the way.
  const { default: sparticuz, inflate } = await import('@sparticuz/chromium');
  const staging = mkdtempSync(`${dir}.`);
  const inStaging = <T>(unpackOne: () => Promise<T>): Promise<T> => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      return unpackOne();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  };
  try {
    await inStaging(() => sparticuz.executablePath());
    await inStaging(() => inflate(join(pkg, 'bin', 'al2023.tar.br')));
    cpSync(join(cjk, 'fonts'), join(staging, 'fonts-sc'), { recursive: true });
    writeFileSync(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${dir}/fonts</dir>
  <dir>${dir}/fonts-sc</dir>
  <cachedir>${dir}/fontconfig-cache</cachedir>
  <alias><family>sans-serif</family><prefer><family>Open Sans</family><family>Noto Sans S Chinese</family></prefer></alias>
</fontconfig>
`,
    );
    renameSync(staging, dir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    // Another worker finished first: its folder is as good as ours.
    if (!existsSync(join(dir, 'fonts.conf'))) throw e;
  }
  return dir;
}
