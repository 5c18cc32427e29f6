// The latest grading run (GET /runs, newest first): the overview's status, the default plan period.
import { api, ok } from '../api/client.ts';
import { nowMs } from '../clock.ts';
import { quarterOf, shanghaiDay } from '../format.ts';

export async function recentRuns(limit: number) {
  return ok(await api().GET('/runs', { params: { query: { limit } } }));
}

/** The newest run that graded the present (a re-grade of a past date is not the present). */
export async function latestRun() {
  const page = await recentRuns(10);
  return page.items.find((r) => !r.regrade) ?? page.items[0] ?? null;
}

/** The quarter of the latest run's date; today's quarter (Asia/Shanghai) when there is none. */
export async function latestRunAsOf(): Promise<string> {
  try {
    const run = await latestRun();
    if (run) return quarterOf(run.asOf);
  } catch {
    // No runs to read: today's quarter.
  }
  return quarterOf(shanghaiDay(nowMs()));
}
