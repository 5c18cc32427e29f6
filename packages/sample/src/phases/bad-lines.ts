// The last phase: each bad record goes between two good lines of its file, so that a reader that
// stops or skips wrongly at a bad line loses a good one the tests count.
import type { GenerationContext } from './context.ts';

export function placeBadLines(ctx: GenerationContext): void {
  const rng = ctx.rng.noise;
  for (const b of ctx.bad.lines) {
    const spec = ctx.files.get(b.path, b.type);
    const slots: number[] = [];
    for (let i = 1; i < spec.lines.length; i++) {
      if (!spec.lines[i - 1]?.bad && !spec.lines[i]?.bad) slots.push(i);
    }
    // A file without two good lines in a row gets none; the manifest lists only the placed ones.
    if (slots.length === 0) continue;
    // The slot is drawn before the row: building some rows draws from the same stream.
    const at = rng.pick(slots);
    spec.lines.splice(at, 0, { row: b.row(), bad: b.kind });
  }
}
