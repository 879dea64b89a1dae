/**
 * Who may get which certificate. Pure: plain data and an explicit `now` in, plain
 * data out; the rules themselves come from content/ (the modules, and socle.yaml).
 *
 * - a module certificate: every skill of the module is validated by a leader;
 * - the "socle" certificate: every core skill listed in content/socle.yaml is
 *   validated, at least at the level that file asks for, and by one of the methods it
 *   accepts (observed in practice, not a conversation or exercise scores alone). The
 *   file is versioned: a certificate keeps the version and validity it was issued
 *   under, so certificates already issued keep their rules.
 * A validation dated after the day of `now` (in Brest) does not count: nobody can
 * have seen it yet. Days, not instants: a validation is dated by its day.
 */
import { dayInBrest } from '../../platform/day.js';
export const LEVELS = ['avec-aide', 'seul'] as const;
export type Level = (typeof LEVELS)[number];
export type CertificateKind = 'module' | 'socle';

/** The ref of the socle certificate; module certificates use the module id. */
export const SOCLE_REF = 'socle';

export interface RuleSkill {
  id: string;
  title: string;
  /** The CRCN competence, e.g. `4.1` (printed on the certificate). */
  crcn?: string;
}

export interface CertificateRule {
  /** The module id, or `socle`. */
  ref: string;
  kind: CertificateKind;
  title: string;
  skills: RuleSkill[];
  minLevel: Level;
  /** Validation methods that count; absent: any method. */
  methods?: readonly string[];
  /** The version of the rules (socle.yaml); absent for module certificates. */
  version?: number;
  /** How long a certificate is valid, in years; absent: no end. */
  validityYears?: number;
}

export interface SocleRules {
  title: string;
  /** Every skill of these modules... */
  modules: string[];
  /** ...and these skills. */
  skills: string[];
  minLevel: Level;
  /** See CertificateRule. */
  methods?: string[];
  version?: number;
  validityYears?: number;
}

export interface ContentModule {
  id: string;
  title: string;
  skills: readonly RuleSkill[];
}

/** The validation a rule looks at, as the progress document keeps it. */
export interface ValidationFact {
  level: Level;
  date: Date;
  method?: string;
  byName?: string;
  session?: string;
}

export interface RuleStatus {
  ref: string;
  kind: CertificateKind;
  title: string;
  eligible: boolean;
  /** A valid certificate for this rule exists already. */
  issued: boolean;
  validated: RuleSkill[];
  missing: RuleSkill[];
}

export function certificateRules(modules: readonly ContentModule[], socle: SocleRules | null): CertificateRule[] {
  const rules: CertificateRule[] = modules.map((m) => ({
    ref: m.id,
    kind: 'module',
    title: m.title,
    skills: m.skills.map((s) => ({ id: s.id, title: s.title, crcn: s.crcn })),
    minLevel: 'avec-aide',
  }));
  if (socle)
    rules.push({
      ref: SOCLE_REF,
      kind: 'socle',
      title: socle.title,
      skills: socleSkills(modules, socle),
      minLevel: socle.minLevel,
      ...(socle.methods ? { methods: socle.methods } : {}),
      ...(socle.version === undefined ? {} : { version: socle.version }),
      ...(socle.validityYears === undefined ? {} : { validityYears: socle.validityYears }),
    });
  return rules;
}

/** The socle's skills in catalogue order, each once. Unknown ids are the loader's job. */
export function socleSkills(modules: readonly ContentModule[], socle: SocleRules): RuleSkill[] {
  const wanted = new Set(socle.skills);
  const out: RuleSkill[] = [];
  for (const m of modules) {
    const whole = socle.modules.includes(m.id);
    for (const s of m.skills) if (whole || wanted.has(s.id)) out.push({ id: s.id, title: s.title, crcn: s.crcn });
  }
  return out;
}

const rank = (l: Level) => LEVELS.indexOf(l);
/** The day in Brest (platform/day.ts). */
const brestDay = { format: dayInBrest };

export function countsFor(rule: CertificateRule, v: ValidationFact | undefined, now: Date): boolean {
  if (!v) return false;
  if (!(v.date instanceof Date) || Number.isNaN(v.date.getTime())) return false;
  if (brestDay.format(v.date) > brestDay.format(now)) return false;
  if (rule.methods && !rule.methods.includes(v.method ?? '')) return false;
  return rank(v.level) >= rank(rule.minLevel);
}

/** What a new certificate records of its rule: the version and the end of validity. */
export interface CertificateTerms {
  rulesVersion?: number;
  validUntil?: Date;
}

/**
 * The terms of a certificate issued now under `rule`: the end of validity is the same
 * day `validityYears` later (29 February gives 28 February or 1 March, as Date does).
 */
export function certificateTerms(rule: CertificateRule, now: Date): CertificateTerms {
  const out: CertificateTerms = {};
  if (rule.version !== undefined) out.rulesVersion = rule.version;
  if (rule.validityYears !== undefined) {
    const end = new Date(now.getTime());
    end.setUTCFullYear(end.getUTCFullYear() + rule.validityYears);
    out.validUntil = end;
  }
  return out;
}

/** True once the day of `now` (in Brest) is after the last day of validity. */
export function isExpired(validUntil: Date | undefined, now: Date): boolean {
  if (!validUntil) return false;
  return brestDay.format(now) > brestDay.format(validUntil);
}

export function evaluateRule(
  rule: CertificateRule,
  validations: Readonly<Record<string, ValidationFact | undefined>>,
  issuedRefs: ReadonlySet<string>,
  now: Date,
): RuleStatus {
  const validated = rule.skills.filter((s) => countsFor(rule, validations[s.id], now));
  const missing = rule.skills.filter((s) => !countsFor(rule, validations[s.id], now));
  return {
    ref: rule.ref,
    kind: rule.kind,
    title: rule.title,
    eligible: rule.skills.length > 0 && missing.length === 0,
    issued: issuedRefs.has(rule.ref),
    validated,
    missing,
  };
}

export function evaluateRules(
  rules: readonly CertificateRule[],
  validations: Readonly<Record<string, ValidationFact | undefined>>,
  issuedRefs: ReadonlySet<string>,
  now: Date,
): RuleStatus[] {
  return rules.map((r) => evaluateRule(r, validations, issuedRefs, now));
}

export interface SkillSnapshot {
  skillId: string;
  title: string;
  /** The CRCN competence (Pix framework), e.g. `4.1`; '' when the skill has none. */
  crcn: string;
  level: Level;
  method: string;
  date: Date;
  byName: string;
  session?: string;
}

/** What the certificate keeps of each skill: the skills may change in content/ later. */
export function snapshotSkills(
  rule: CertificateRule,
  validations: Readonly<Record<string, ValidationFact | undefined>>,
): SkillSnapshot[] {
  return rule.skills.flatMap((s) => {
    const v = validations[s.id];
    if (!v) return [];
    return [
      {
        skillId: s.id,
        title: s.title,
        crcn: s.crcn ?? '',
        level: v.level,
        method: v.method ?? '',
        date: v.date,
        byName: v.byName ?? '',
        ...(v.session ? { session: v.session } : {}),
      },
    ];
  });
}

/**
 * The name shown to the public: the first name and the initial of the last name,
 * e.g. "Marie-Hélène L.". With a resident record the parts are known; otherwise the
 * first word of the account name is the first name.
 */
export function publicName(parts: { firstName?: string; lastName?: string; fullName?: string }): string {
  let first = (parts.firstName ?? '').trim();
  let last = (parts.lastName ?? '').trim();
  if (!first) {
    const words = (parts.fullName ?? '').trim().split(/\s+/).filter(Boolean);
    first = words[0] ?? '';
    last = words.slice(1).join(' ');
  }
  const initial = [...last][0];
  return initial ? `${first} ${initial.toLocaleUpperCase('fr')}.` : first;
}

/** A last name as compared: no case, no accents, no spaces, dashes or apostrophes. */
const comparable = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Does `typed` name the holder? Compared with the last name kept at issue (or, for a
 * certificate without one, the words after the first name). Pure; the answer is yes or
 * no, never the name.
 */
export function namesHolder(parts: { firstName?: string; lastName?: string; fullName?: string }, typed: string): boolean {
  let last = (parts.lastName ?? '').trim();
  if (!(parts.firstName ?? '').trim()) last = (parts.fullName ?? '').trim().split(/\s+/).slice(1).join(' ');
  const want = comparable(last);
  return want.length > 0 && comparable(typed) === want;
}
