// An assessment explained for a person: every factor, adjustment, credit reason and warning
// with its Chinese and English label and the legal instrument behind it, resolved to the full
// title the rule set that graded it cites. Labels and references are data (domain
// factor-labels); a code the catalogue does not know yet is shown with its code as the label
// rather than hidden.
import { type Assessment, type CodeKind, type CodeLabel, codeLabel, RULE_SETS, type RuleSet } from '@fenji/domain';

export interface BasisRef {
  ref: string;
  instrument: string | null;
}

export interface Explained {
  label: { zh: string; en: string };
  basis: BasisRef[];
  spec: string | null;
}

function ruleSet(id: string): RuleSet | null {
  return RULE_SETS.find((r) => r.id === id) ?? null;
}

function explain(kind: CodeKind, code: string, rules: RuleSet | null, unknown: Set<string>): Explained {
  const entry: CodeLabel | undefined = codeLabel(kind, code);
  if (!entry) {
    unknown.add(`${kind}:${code}`);
    return { label: { zh: code, en: code }, basis: [], spec: null };
  }
  return {
    label: { zh: entry.zh, en: entry.en },
    basis: entry.basis.map((ref) => ({
      ref,
      instrument: rules?.sources[ref.split(' Art.')[0] as string] ?? null,
    })),
    spec: entry.spec,
  };
}

/** The explanation of an assessment, and the codes the catalogue lacked (to log). */
export function explainAssessment(a: Assessment) {
  const rules = ruleSet(a.rulesVersion);
  const unknown = new Set<string>();
  const explanation = {
    rulesVersion: a.rulesVersion,
    ruleSet: rules ? { id: rules.id, title: rules.title } : null,
    factors: a.factors.map((f) => ({ ...f, ...explain('factor', f.code, rules, unknown) })),
    adjustments: a.adjustments.map((adj) => ({
      ...adj,
      ...explain('adjustmentKind', adj.kind, rules, unknown),
      reasons: adj.reasons.map((code) => ({ code, ...explain('adjustmentReason', code, rules, unknown) })),
    })),
    creditReasons: a.creditReasons.map((code) => ({ code, ...explain('creditReason', code, rules, unknown) })),
    warnings: a.warnings.map((w) => ({ ...w, ...explain('warning', w.code, rules, unknown) })),
  };
  return { explanation, unknownCodes: [...unknown] };
}
