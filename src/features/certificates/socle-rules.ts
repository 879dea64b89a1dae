/**
 * content/socle.yaml: which skills make the "socle" certificate of basic digital
 * skills. The rule lives in content/, so the team changes it without touching code.
 * Read and checked once at start; a broken file stops the start with the file, the
 * line and the problem. No file: no socle certificate is offered.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { VALIDATION_METHODS } from '../progress/index.js';
import { LEVELS, type ContentModule, type SocleRules } from './eligibility.js';

export const SOCLE_FILE = 'socle.yaml';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'identifiant invalide (minuscules, chiffres, tirets)');

const socleSchema = z
  .object({
    title: z.string().trim().min(3, 'titre trop court').max(100, 'titre trop long (100 caractères au plus)'),
    modules: z.array(id).default([]),
    skills: z.array(id).default([]),
    minLevel: z.enum(LEVELS, { error: 'minLevel vaut avec-aide ou seul' }).default('avec-aide'),
    // Absent: the first rules (2025), before versions existed.
    version: z.number().int('un nombre entier est attendu').min(1).default(1),
    methods: z
      .array(z.enum(VALIDATION_METHODS, { error: `méthode inconnue (${VALIDATION_METHODS.join(', ')})` }))
      .min(1, 'au moins une méthode')
      .optional(),
    validityYears: z.number().int('un nombre entier est attendu').min(1).max(10).optional(),
  })
  .strict()
  .refine((s) => s.modules.length + s.skills.length > 0, { message: 'il faut au moins un module ou une compétence' });

export class SocleRulesError extends Error {
  constructor(readonly problems: string[]) {
    super(`Les règles du socle ont ${problems.length} problème(s) :\n${problems.join('\n')}`);
    this.name = 'SocleRulesError';
  }
}

/** Pure: the file's text and the catalogue in, the rules or every problem out. */
export function parseSocleRules(text: string, file: string, modules: readonly ContentModule[]): SocleRules {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length)
    throw new SocleRulesError(doc.errors.map((e) => `${file}:${at(e.pos[0])}: YAML illisible : ${e.message}`));
  const lineOf = (p: readonly PropertyKey[]) => {
    const node = doc.getIn(p as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    return at(node?.range?.[0]);
  };
  const parsed = socleSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new SocleRulesError(
      parsed.error.issues.map((i) => `${file}:${lineOf(i.path)}: ${i.path.join('.') || '(fichier)'} : ${i.message}`),
    );
  }
  const rules = parsed.data;
  const problems: string[] = [];
  const moduleIds = new Set(modules.map((m) => m.id));
  const skillIds = new Set(modules.flatMap((m) => m.skills.map((s) => s.id)));
  rules.modules.forEach((m, i) => {
    if (!moduleIds.has(m)) problems.push(`${file}:${lineOf(['modules', i])}: le module « ${m} » n’existe pas dans content/.`);
  });
  rules.skills.forEach((s, i) => {
    if (!skillIds.has(s)) problems.push(`${file}:${lineOf(['skills', i])}: la compétence « ${s} » n’existe pas dans content/.`);
  });
  if (problems.length) throw new SocleRulesError(problems);
  return rules;
}

export async function loadSocleRules(contentDir: string, modules: readonly ContentModule[]): Promise<SocleRules | null> {
  const file = path.join(contentDir, SOCLE_FILE);
  if (!existsSync(file)) return null;
  const label = path.relative(process.cwd(), file) || file;
  return parseSocleRules(await readFile(file, 'utf8'), label, modules);
}
