// Issue "The first hour": users see only the repository. Every relative link of every tracked
// Markdown file must resolve inside it — file and #anchor — and none may leave it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(file: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = (m[1] as string)
      .trim()
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function links(file: string): { link: string; where: string }[] {
  const out: { link: string; where: string }[] = [];
  let fence = false;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*(```|~~~)/.test(line)) fence = !fence;
      if (fence) return;
      for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
        out.push({ link: m[1] as string, where: `${relative(ROOT, file)}:${i + 1}` });
      }
    });
  return out;
}

describe('documentation links stay in the repository', () => {
  const markdown = execFileSync('git', ['ls-files', '*.md', '**/*.md'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && !f.includes('node_modules/'))
    .map((f) => join(ROOT, f));

  it('README.md and docs/ are there', () => {
    for (const f of ['README.md', 'docs/README.md', 'docs/records.md', 'docs/outputs.md', 'docs/rules.md']) {
      expect(markdown, f).toContain(join(ROOT, f));
    }
  });

  it('every relative link resolves to a file and heading inside the repository', () => {
    const problems: string[] = [];
    for (const file of markdown) {
      for (const { link, where } of links(file)) {
        if (/^(https?|mailto):/i.test(link)) continue; // the web, named as such
        const [path = '', hash] = link.split('#');
        const target = path === '' ? file : resolve(dirname(file), decodeURI(path));
        if (!target.startsWith(`${ROOT}/`) && target !== ROOT) problems.push(`${where} leaves the repository: ${link}`);
        else if (!existsSync(target)) problems.push(`${where} points nowhere: ${link}`);
        else if (hash !== undefined && target.endsWith('.md') && !statSync(target).isDirectory()) {
          if (!anchors(target).has(decodeURI(hash))) problems.push(`${where} has no heading #${hash}: ${link}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
