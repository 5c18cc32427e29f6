// Every table of the console: its columns say what each holds (a heading and how a row fills its
// cell), so a column's heading and its cells are written side by side, and the table scrolls
// sideways on a narrow screen.
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  head: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  /** The cells' class. 'num' (figures, aligned right) is the heading's as well, so both line up. */
  class?: string;
  /** The cell names its row (<th scope="row">), so a screen reader reads it with every other cell. */
  rowHead?: boolean;
}

export function Table<T>({
  label,
  columns,
  rows,
  rowKey,
  rowId,
  caption,
  foot,
  empty,
}: {
  /** Names the scrolling region for a screen reader. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** An id for a row that links point at (#record-…). */
  rowId?: (row: T) => string;
  /** The table's <caption> element. */
  caption?: ComponentChildren;
  /** The rows of the <tfoot> (totals). */
  foot?: ComponentChildren;
  /** Shown instead of the table when there are no rows; without it, an empty table is shown. */
  empty?: ComponentChildren;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-wrap" aria-label={label} tabIndex={0}>
      <table>
        {caption}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={c.class === 'num' ? 'num' : undefined}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)} id={rowId?.(row)}>
              {columns.map((c, i) =>
                c.rowHead ? (
                  <th key={i} scope="row" class={c.class}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} class={c.class}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </section>
  );
}
