// Small pieces every page uses: loading data, the page frame, badges, tables that scroll, charts.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, SignedOut } from '../api/client.ts';
import { t } from '../i18n.ts';
import { creditLabel, type Grade, gradeLabel } from '../labels.ts';
import { focusHeadingIfNavigated, Link } from '../router.tsx';
import type { ChartSpec } from './charts.ts';

export type Data<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: Error };

/** Runs `load` when a dependency changes; a late answer for old dependencies is dropped. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): Data<T> {
  const [state, setState] = useState<Data<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load().then(
      (data) => live && setState({ status: 'ok', data }),
      (error: Error) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

export function Loading({ what }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what ?? t('正在加载…', 'Loading…')}
    </p>
  );
}

export function NotFound({ what }: { what?: string }) {
  return (
    <div class="notice" role="alert">
      <p class="notice-title">未找到 / not found</p>
      <p>{what ?? t('没有此项，或不在您的管辖范围内。', 'It does not exist, or it lies outside your regions.')}</p>
    </div>
  );
}

export function ErrorView({ error }: { error: Error }) {
  if (error instanceof SignedOut) return null;
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error instanceof ApiError && error.status === 401) return null;
  const text =
    error instanceof ApiError && error.status === 403
      ? t('不在您的管辖范围内。', 'This lies outside the regions of your token.')
      : t('加载失败：', 'Could not load: ') + error.message;
  return (
    <div class="notice notice-error" role="alert">
      <p>{text}</p>
    </div>
  );
}

/** Renders the data when it is there, otherwise loading or the error. */
export function Loaded<T>({
  data,
  children,
  what,
}: {
  data: Data<T>;
  children: (value: T) => ComponentChildren;
  what?: string;
}) {
  if (data.status === 'loading') return <Loading {...(what ? { what } : {})} />;
  if (data.status === 'error') return <ErrorView error={data.error} />;
  return <>{children(data.data)}</>;
}

/** The page's heading (focused after a navigation) and the document title. */
export function PageTitle({ title, sub }: { title: string; sub?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('分级监管平台', 'fenji console')}`;
  }, [title]);
  useEffect(() => focusHeadingIfNavigated(ref.current), []);
  return (
    <div class="page-title">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {sub ? <p class="lead">{sub}</p> : null}
    </div>
  );
}

export function GradeBadge({ grade }: { grade: Grade }) {
  return <span class={`badge grade-${grade}`}>{gradeLabel(grade)}</span>;
}

export function CreditBadge({ grade }: { grade: Grade }) {
  return <span class={`badge grade-${grade}`}>{creditLabel(grade)}</span>;
}

export function YesNo({ value, yes, no }: { value: boolean; yes?: string; no?: string }) {
  return <span class={value ? 'flag-yes' : 'flag-no'}>{value ? (yes ?? t('是', 'yes')) : (no ?? t('否', 'no'))}</span>;
}

/** A table that scrolls sideways on a narrow screen; focusable so the keyboard can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

export function EnterpriseLink({ uscc, name }: { uscc: string; name?: string }) {
  return <Link to={`/enterprises/${encodeURIComponent(uscc)}`}>{name ?? uscc}</Link>;
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="panel" aria-labelledby={id ? `${id}-h` : undefined}>
      <h2 id={id ? `${id}-h` : undefined}>{title}</h2>
      {children}
    </section>
  );
}

/** A Chart.js chart, loaded on demand; `label` describes it, and a table next to it holds its numbers. */
export function Chart({ spec, label }: { spec: ChartSpec; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // Redrawn when what it shows changes (a new spec object alone is no reason).
  const shows = JSON.stringify([spec.type, spec.labels, spec.datasets, spec.stacked, spec.yMin, spec.yMax, label]);
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let live = true;
    import('./charts.ts').then(
      ({ draw }) => {
        if (live && canvas.current) destroy = draw(canvas.current, spec);
      },
      (e: Error) => setFailed(e.message),
    );
    return () => {
      live = false;
      destroy?.();
    };
  }, [shows]);
  if (failed) return <p class="muted">{t('图表无法加载：', 'The chart could not load: ') + failed}</p>;
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
