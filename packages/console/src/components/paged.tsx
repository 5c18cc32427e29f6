// A list read a page at a time, each further page on "Load more" (grading runs, search results,
// the case queue). The API's lists give a page of items and the cursor of the next page, null
// on the last one; a page asked for before the list changed is dropped when it comes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { ErrorView, Loading } from './ui.tsx';

export interface Page<T, C> {
  items: T[];
  cursor: C | null;
}

interface State<T, C> {
  /** The dependencies the list was read for. */
  deps: unknown[];
  items: T[];
  /** Where the next page starts: undefined before the first page, null when all is read. */
  cursor: C | null | undefined;
  loading: boolean;
  error: Error | null;
}

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: Error | null;
  /** The list is read to its end. */
  done: boolean;
  more: () => void;
}

function start<T, C>(deps: unknown[]): State<T, C> {
  return { deps, items: [], cursor: undefined, loading: true, error: null };
}

/** Reads the first page when a dependency changes, and the next one on `more()`. */
export function usePaged<T, C>(page: (cursor: C | undefined) => Promise<Page<T, C>>, deps: unknown[]): Paged<T> {
  const [state, setState] = useState(() => start<T, C>(deps));
  // Only the latest request may set the list.
  const latest = useRef(0);
  const read = (from: State<T, C>) => {
    const request = ++latest.current;
    setState({ ...from, loading: true, error: null });
    page(from.cursor ?? undefined).then(
      (got) =>
        request === latest.current &&
        setState({ ...from, items: [...from.items, ...got.items], cursor: got.cursor, loading: false, error: null }),
      (error: Error) => request === latest.current && setState({ ...from, loading: false, error }),
    );
  };
  useEffect(() => {
    read(start(deps));
    return () => {
      latest.current++;
    };
  }, deps);
  // New dependencies: until their first page is asked for, the list is loading, not the old one.
  const current = deps.every((d, i) => d === state.deps[i]) ? state : start<T, C>(deps);
  return { ...current, done: current.cursor === null, more: () => read(current) };
}

/**
 * What went wrong, the items so far (`empty` once a read found none), a loading line while a page
 * is on its way, and "Load more" while the list is not read to its end — after a failed read too,
 * so it can be tried again.
 */
export function PagedList<T>({
  list,
  empty,
  children,
}: {
  list: Paged<T>;
  empty: ComponentChildren;
  children: (items: T[]) => ComponentChildren;
}) {
  return (
    <>
      {list.error ? <ErrorView error={list.error} /> : null}
      {list.items.length === 0 && !list.loading && !list.error ? empty : null}
      {list.items.length > 0 ? children(list.items) : null}
      {list.loading ? <Loading /> : null}
      {!list.done && !list.loading ? (
        <button type="button" class="button button-secondary" onClick={list.more}>
          {t('加载更多', 'Load more')}
        </button>
      ) : null}
    </>
  );
}
