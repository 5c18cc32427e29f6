// Codes shown as coloured tags (styles.css colours each grade and each case state), and yes or no.
import type { Schemas } from '../api/client.ts';
import { t } from '../i18n.ts';
import { caseStateLabel, creditLabel, type Grade, gradeLabel, word } from '../labels.ts';

export function GradeBadge({ grade }: { grade: Grade }) {
  return <span class={`badge grade-${grade}`}>{gradeLabel(grade)}</span>;
}

export function CreditBadge({ grade }: { grade: Grade }) {
  return <span class={`badge grade-${grade}`}>{creditLabel(grade)}</span>;
}

/** A case's state in its colour (styles.css has one for each state). */
export function CaseState({ state }: { state: string }) {
  return <span class={`state state-${state}`}>{caseStateLabel(state)}</span>;
}

/** A run's state in the case states' colours: finished is on time, running plain, anything else late. */
export function RunState({ state }: { state: Schemas['RunSummary']['state'] }) {
  const css = state === 'finished' ? 'state-closed_on_time' : state === 'running' ? '' : 'state-overdue';
  return <span class={`state ${css}`}>{word(state)}</span>;
}

export function YesNo({ value }: { value: boolean }) {
  return <span class={value ? 'flag-yes' : 'flag-no'}>{value ? t('是', 'yes') : t('否', 'no')}</span>;
}
