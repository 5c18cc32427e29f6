// Dependencies run one way (issue "The house in order"): the domain knows nothing of I/O; packages
// never reach into functions; a function never imports another function. Read from every
// workspace's package.json and from every import in its sources and tests, so a new dependency
// that runs the wrong way fails here, wherever it is written.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface Workspace {
  dir: string;
  name: string;
  kind: 'domain' | 'package' | 'function' | 'infra';
  declared: Set<string>;
}

const workspaces: Workspace[] = ['packages', 'functions']
  .flatMap((top) => readdirSync(join(ROOT, top)).map((d) => `${top}/${d}`))
  .concat('infra')
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    const kind = dir === 'packages/domain' ? 'domain' : dir === 'infra' ? 'infra' : (dir.split('/')[0] as string);
    return {
      dir,
      name: pkg.name as string,
      kind: (kind === 'packages' ? 'package' : kind === 'functions' ? 'function' : kind) as Workspace['kind'],
      declared: new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]),
    };
  });
const byName = new Map(workspaces.map((w) => [w.name, w]));

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'cdk.out' || e.name.startsWith('.')) return [];
    const path = `${dir}/${e.name}`;
    return e.isDirectory() ? files(path) : /\.(ts|js)$/.test(e.name) ? [path] : [];
  });
}

/** '@fenji/app/grading' → '@fenji/app'; 'zod/v4' → 'zod'. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The layers, lowest first: a workspace imports only workspaces of a lower layer. The domain;
 * what builds on it alone (ingestion, the store, the report, the sample); the runtime and the use
 * cases; what drives them (the functions, the local command, the CDK app).
 */
const LAYER: Record<string, number> = {
  '@fenji/domain': 0,
  '@fenji/ingest': 1,
  '@fenji/store': 1,
  '@fenji/report': 1,
  '@fenji/sample': 1,
  '@fenji/embedded': 2,
  '@fenji/app': 2,
  '@fenji/local': 3,
  '@fenji/infra': 3,
  // The browser app: its client is generated from the API's route table.
  '@fenji/console': 3,
};
const layerOf = (w: Workspace) => (w.kind === 'function' ? 3 : (LAYER[w.name] ?? Number.NaN));

/** Every import specifier of a file, with the workspace (or top folder) it lands in. */
function imports(file: string): { spec: string; target: string | null }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'([^']+)'/gm)].map((m) => m[1] as string);
  return specs.map((spec) => {
    if (!spec.startsWith('.')) return { spec, target: packageOf(spec) };
    const path = relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
    const owner = workspaces.find((w) => path === w.dir || path.startsWith(`${w.dir}/`));
    return { spec, target: owner ? owner.name : path.split('/')[0] === 'test' ? 'test' : null };
  });
}

const IO =
  /^(node:(fs|http|https|net|child_process|worker_threads|dgram)|@aws-sdk\/|@aws-lambda-powertools\/|@middy\/)/;

const edges = workspaces.flatMap((w) =>
  files(w.dir).flatMap((file) =>
    imports(file).map(({ spec, target }) => ({ from: w, file, spec, target, inTest: file.includes('/test/') })),
  ),
);

describe('dependencies run one way', () => {
  it('finds the workspaces and their imports', () => {
    expect(workspaces.map((w) => w.kind)).toContain('function');
    expect(edges.length).toBeGreaterThan(100);
  });

  it('the domain imports no I/O and no other fenji package (pure functions over plain data)', () => {
    const bad = edges.filter(
      (e) =>
        e.from.kind === 'domain' &&
        !e.inTest &&
        (IO.test(e.spec) || (e.target !== e.from.name && (e.target?.startsWith('@fenji/') ?? false))),
    );
    expect(bad.map((e) => `${e.file}: ${e.spec}`)).toEqual([]);
    const domain = byName.get('@fenji/domain') as Workspace;
    expect([...domain.declared].filter((d) => IO.test(d) || d.startsWith('@fenji/'))).toEqual([]);
  });

  it('no package depends on a function, in package.json or by path', () => {
    const bad = [
      ...workspaces
        .filter((w) => w.kind !== 'function')
        .flatMap((w) =>
          [...w.declared].filter((d) => byName.get(d)?.kind === 'function').map((d) => `${w.dir} declares ${d}`),
        ),
      ...edges
        .filter((e) => e.from.kind !== 'function' && e.target !== null && byName.get(e.target)?.kind === 'function')
        .map((e) => `${e.file}: ${e.spec}`),
    ];
    expect(bad).toEqual([]);
  });

  it('no function depends on another function', () => {
    const bad = [
      ...workspaces
        .filter((w) => w.kind === 'function')
        .flatMap((w) =>
          [...w.declared].filter((d) => byName.get(d)?.kind === 'function').map((d) => `${w.dir} declares ${d}`),
        ),
      ...edges
        .filter(
          (e) =>
            e.from.kind === 'function' &&
            e.target !== e.from.name &&
            e.target !== null &&
            byName.get(e.target)?.kind === 'function',
        )
        .map((e) => `${e.file}: ${e.spec}`),
    ];
    expect(bad).toEqual([]);
  });

  it('a workspace imports another fenji workspace only through its package, declared in package.json', () => {
    const bad = edges.filter((e) => {
      if (e.target === null || e.target === 'test' || e.target === e.from.name) return false;
      if (!e.target.startsWith('@fenji/')) return false;
      return !e.spec.startsWith('@fenji/') || !e.from.declared.has(e.target);
    });
    expect(bad.map((e) => `${e.file}: ${e.spec}`)).toEqual([]);
  });

  it('every workspace has a layer, and its sources import only lower layers', () => {
    expect(workspaces.filter((w) => Number.isNaN(layerOf(w))).map((w) => w.name)).toEqual([]);
    const bad = edges.filter((e) => {
      const target = e.target === null ? undefined : byName.get(e.target);
      return !e.inTest && target !== undefined && target !== e.from && layerOf(target) >= layerOf(e.from);
    });
    expect(bad.map((e) => `${e.file}: ${e.spec}`)).toEqual([]);
  });

  it('the check sees a wrong-way import when there is one', () => {
    const fake = { spec: '@fenji/fn-api', target: '@fenji/fn-api' };
    expect(byName.get(fake.target)?.kind).toBe('function');
    expect(packageOf('@fenji/app/grading')).toBe('@fenji/app');
    expect(layerOf(byName.get('@fenji/store') as Workspace)).toBeLessThan(
      layerOf(byName.get('@fenji/app') as Workspace),
    );
    expect(IO.test('@aws-sdk/client-s3')).toBe(true);
  });
});
