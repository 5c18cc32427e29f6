// The console's forms: a labelled field, the filters of a list, and the enterprise search. A form
// navigates (its answer is a page with an address of its own), so every view is a link.
import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { navigate, withQuery } from '../router.tsx';

export function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/** One of `options`, or none: the first option, `all` (by default “All”). */
export function SelectField<T extends string>({
  id,
  label,
  name,
  value,
  all = t('全部', 'All'),
  options,
  optionLabel,
}: {
  id: string;
  label: string;
  name: string;
  value: T | undefined;
  all?: string;
  options: readonly T[];
  optionLabel: (option: T) => string;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} name={name} value={value ?? ''}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The filters of a list: applying them opens `to(fields)`, the fields being the form's, by name. */
export function FilterForm({
  to,
  children,
}: {
  to: (fields: Record<string, string>) => string;
  children: ComponentChildren;
}) {
  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    for (const [name, value] of new FormData(e.currentTarget)) fields[name] = String(value);
    navigate(to(fields));
  };
  return (
    <form class="filters" onSubmit={submit} aria-label={t('筛选', 'Filters')}>
      {children}
      <button type="submit" class="button">
        {t('筛选', 'Apply')}
      </button>
    </form>
  );
}

/** Find an enterprise by its code or the start of its name: opens /enterprises?q=. */
export function EnterpriseSearch({ id, label, q = '' }: { id: string; label: string; q?: string }) {
  const [value, setValue] = useState(q);
  // The field follows the address's q when that changes (back and forward), not when the form
  // appears: that would wipe out what was typed in the meantime.
  const shown = useRef(q);
  useEffect(() => {
    if (q === shown.current) return;
    shown.current = q;
    setValue(q);
  }, [q]);
  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next = value.trim();
    if (next !== '') navigate(withQuery('/enterprises', { q: next }));
  };
  return (
    <form class="filters" onSubmit={submit}>
      <Field id={id} label={label}>
        <input
          id={id}
          name="q"
          type="search"
          value={value}
          maxLength={50}
          autoComplete="off"
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
      </Field>
      <button type="submit" class="button">
        {t('查询', 'Search')}
      </button>
    </form>
  );
}
