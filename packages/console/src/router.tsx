// Routes under /console/ with the History API: every page has its own address, deep links work
// (the server answers index.html for them), back and forward too. After a navigation the page's
// heading takes the focus, so a screen reader announces the new page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** '/console/' (Vite's base). */
export const BASE = import.meta.env.BASE_URL;

export interface Location {
  /** The path within the console: '/', '/enterprises/…'. */
  path: string;
  query: URLSearchParams;
}

function read(): Location {
  const full = window.location.pathname;
  const inside = full.startsWith(BASE) ? full.slice(BASE.length - 1) : full === BASE.slice(0, -1) ? '/' : full;
  return { path: inside === '' ? '/' : inside, query: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();
let focusAfterNavigation = false;

export function href(path: string): string {
  return `${BASE}${path.replace(/^\//, '')}`;
}

let lastPath = window.location.pathname;

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = href(path);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  const moved = window.location.pathname !== lastPath;
  lastPath = window.location.pathname;
  focusAfterNavigation = !options.replace && moved;
  if (!options.replace && moved) window.scrollTo(0, 0);
  for (const l of listeners) l();
}

window.addEventListener('popstate', () => {
  // A jump to an anchor on the same page (#records) is not a new page.
  focusAfterNavigation = window.location.pathname !== lastPath;
  lastPath = window.location.pathname;
  for (const l of listeners) l();
});

export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/** Called by a page once its heading is rendered. */
export function focusHeadingIfNavigated(heading: HTMLElement | null): void {
  if (focusAfterNavigation && heading) {
    focusAfterNavigation = false;
    heading.focus({ preventScroll: true });
  }
}

interface LinkProps {
  to: string;
  children?: ComponentChildren;
  class?: string;
  'aria-current'?: 'page' | 'true' | undefined;
  'aria-label'?: string;
  /** Runs before the navigation (not for a click that opens a new tab). */
  onClick?: () => void;
}

/** A link within the console: a real <a href> (open in a new tab works), navigated in place. */
export function Link({ to, children, onClick: before, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    before?.();
    navigate(to);
  };
  return (
    <a {...rest} href={href(to)} onClick={onClick}>
      {children}
    </a>
  );
}

/** Matches '/enterprises/:uscc' style patterns; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = path.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const actual = a[i] as string;
    if (seg.startsWith(':')) {
      try {
        out[seg.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (seg !== actual) return null;
  }
  return out;
}

export function withQuery(path: string, query: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
