// Small pieces every page uses: loading data, the page frame, notices, figures, links, charts.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, SignedOut } from '../api/client.ts';
import { num } from '../format.ts';
import { t } from '../i18n.ts';
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

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('正在加载…', 'Loading…')}
    </p>
  );
}

/** A boxed message: role `alert` for what went wrong, `status` for what simply is so. */
export function Notice({
  role,
  title,
  error,
  children,
}: {
  role: 'alert' | 'status';
  title?: string;
  error?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'notice notice-error' : 'notice'} role={role}>
      {title ? <p class="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}

/** What does not exist or lies outside the caller's regions: the two look alike on purpose. */
export function NotFound({ what, role = 'alert' }: { what?: string; role?: 'alert' | 'status' }) {
  return (
    <Notice role={role} title="未找到 / not found">
      <p>{what ?? t('没有此项，或不在您的管辖范围内。', 'It does not exist, or it lies outside your regions.')}</p>
    </Notice>
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
    <Notice role="alert" error>
      <p>{text}</p>
    </Notice>
  );
}

/** Renders the data when it is there, otherwise loading or the error. */
export function Loaded<T>({ data, children }: { data: Data<T>; children: (value: T) => ComponentChildren }) {
  if (data.status === 'loading') return <Loading />;
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

/** Headline figures, each over its label. */
export function Stats({ items }: { items: [value: number, label: ComponentChildren][] }) {
  return (
    <ul class="stats">
      {items.map(([value, label], i) => (
        <li key={i}>
          <span class="value">{num(value)}</span>
          <span class="label">{label}</span>
        </li>
      ))}
    </ul>
  );
}

export function EnterpriseLink({ uscc, name }: { uscc: string; name?: string }) {
  return <Link to={`/enterprises/${encodeURIComponent(uscc)}`}>{name ?? uscc}</Link>;
}

/** An enterprise's name as a link, and its code under it. */
export function EnterpriseNamed({ uscc, name }: { uscc: string; name: string }) {
  return (
    <>
      <EnterpriseLink uscc={uscc} name={name} />
      <span class="mono small block">{uscc}</span>
    </>
  );
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
