/**
 * "One word per thing" (shared rule of the content, see content/README.md): the glossary
 * content/glossaire.yaml names each thing once, lists the words to avoid for it and the
 * acronyms to spell out. These pure functions read the glossary and check the sentences
 * of content/ against it; checkContent() reports each breach at its file and line.
 *
 * The rules:
 * - a word of a term's `avoid` list is a breach anywhere in the prose (case and accents
 *   aside, whole words only);
 * - in each module, the first sentence line that uses an acronym (in capitals, as a whole
 *   word) must also hold its spelled-out form; lessons are read first, in order, then the
 *   exercises; headings and module.yaml are titles, not the place to explain, so they are
 *   skipped;
 * - no partial negatives ("ne … pas toujours"): they are hard to read and easy to misread;
 * - no inclusive-writing dots ("résident·e", "seul.e"): easy-to-read French avoids them.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { ContentProblem } from './content.problems.js';
import { CRCN_COMPETENCES, PIM_DOMAINS } from './content.schema.js';

const text = z.string().trim().min(1, 'Ce texte est vide.');

const termSchema = z
  .strictObject({
    term: text,
    meaning: text,
    avoid: z.array(text).default([]),
    /** A skill whose title names the term has these codes (one code for one thing). */
    crcn: z.enum(Object.keys(CRCN_COMPETENCES) as [string, ...string[]]).optional(),
    pim: z.enum(PIM_DOMAINS).optional(),
  })
  .refine((t) => (t.crcn === undefined) === (t.pim === undefined), {
    message: 'Écrivez crcn et pim ensemble, ou aucun des deux.',
  });
/** A word that names several things: it is always written as one of the phrases of `write`. */
const qualifySchema = z.strictObject({
  word: text,
  meaning: text,
  write: z.array(text).min(1),
});
const acronymSchema = z.strictObject({
  acronym: z.string().regex(/^[A-Z0-9]{2,8}$/, 'Un sigle est en capitales : CAF, CNIL.'),
  spelledOut: text,
  /** Other accepted explanations at first use (e.g. "la petite puce" for SIM). */
  alsoAccepted: z.array(text).default([]),
});
export const glossarySchema = z.strictObject({
  terms: z.array(termSchema),
  qualify: z.array(qualifySchema).default([]),
  acronyms: z.array(acronymSchema),
});
export type Glossary = z.output<typeof glossarySchema>;

/** Lower case, no accents, typographic apostrophes made plain: how glossary words are compared. */
export function fold(textIn: string): string {
  return textIn.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘]/g, "'");
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole-word pattern for a folded phrase; spaces match any run of spaces. */
const wholeWords = (phrase: string, flags = 'u'): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, flags);

/** Parses glossaire.yaml; problems come with their line. */
export function parseGlossary(source: string, file: string): { glossary: Glossary | null; problems: ContentProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    return {
      glossary: null,
      problems: [
        { file, line: lineCounter.linePos(error.pos[0]).line, message: `YAML invalide : ${error.message.split('\n')[0]}` },
      ],
    };
  }
  const parsed = glossarySchema.safeParse(doc.toJS());
  if (parsed.success) return { glossary: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue) => {
    let node: unknown = doc.contents;
    for (const key of issue.path) {
      const next = isMap(node) || isSeq(node) ? node.get(key as never, true) : undefined;
      if (next === undefined) break;
      node = next;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return {
      file,
      line: range ? lineCounter.linePos(range[0]).line : 1,
      message: `${issue.path.join(' › ')} : ${issue.message}`,
    };
  });
  return { glossary: null, problems };
}

/** One line of prose of a file, as the checker reads it. */
export interface ProseLine {
  readonly text: string;
  readonly line: number;
  readonly heading: boolean;
}

export interface ProseFile {
  readonly file: string;
  readonly moduleId: string;
  /** module.yaml, a lesson or an exercise: acronyms are checked in lessons and exercises. */
  readonly role: 'module' | 'lesson' | 'exercise';
  readonly lines: readonly ProseLine[];
}

/** Partial negatives: "pas toujours", "pas forcément"... */
const PARTIAL_NEGATIVE =
  /(?<![\p{L}])pas\s+(?:toujours|forcement|tous|toutes|tout a fait|vraiment|totalement|completement|entierement)(?![\p{L}])/u;
/** Inclusive-writing dots: résident·e, seul.e, tou·te·s, ami.e.s. */
const INCLUSIVE_DOT =
  /\p{L}[·•‧⋅]\p{L}|\p{L}\.(?:e|es|ne|nes|le|les|rice|rices|trice|trices|euse|euses|ice|ices)(?:\.s)?(?![\p{L}\p{N}])/u;

/** Words to avoid, partial negatives and inclusive dots, line by line. */
export function wordProblems(files: readonly ProseFile[], glossary: Glossary): ContentProblem[] {
  const avoid = glossary.terms.flatMap((t) => t.avoid.map((word) => ({ word, term: t.term, pattern: wholeWords(fold(word)) })));
  const out: ContentProblem[] = [];
  for (const f of files) {
    for (const l of f.lines) {
      const folded = fold(l.text);
      for (const a of avoid) {
        if (a.pattern.test(folded)) {
          out.push({
            file: f.file,
            line: l.line,
            message: `« ${a.word} » : écrivez « ${a.term} » (un mot pour une chose, voir glossaire.yaml).`,
          });
        }
      }
      const negative = PARTIAL_NEGATIVE.exec(folded);
      if (negative) {
        out.push({
          file: f.file,
          line: l.line,
          message: `Négation partielle « ${negative[0]} » : dites ce qui est vrai, par exemple « parfois » ou « certains ».`,
        });
      }
      const dot = INCLUSIVE_DOT.exec(l.text);
      if (dot) {
        out.push({
          file: f.file,
          line: l.line,
          message: `Point de l'écriture inclusive « ${dot[0]} » : écrivez les deux mots en entier (« seul ou seule »).`,
        });
      }
    }
  }
  return out;
}

/** A pattern for a folded phrase where each word may take the plural (s, x; -al gives -aux). */
function phrasePattern(phrase: string): string {
  return fold(phrase)
    .split(/\s+/)
    .map((w) => (w.endsWith('al') ? `${escape(w.slice(0, -2))}(?:al|aux)` : `${escape(w)}[sx]?`))
    .join('\\s+');
}

/** A word that names several things ("code") is always written as one of its phrases ("code PIN"). */
export function qualifyProblems(files: readonly ProseFile[], glossary: Glossary): ContentProblem[] {
  const out: ContentProblem[] = [];
  for (const q of glossary.qualify) {
    const phrases = new RegExp(`(?<![\\p{L}\\p{N}])(?:${q.write.map(phrasePattern).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    const bare = new RegExp(`(?<![\\p{L}\\p{N}])${phrasePattern(q.word)}(?![\\p{L}\\p{N}])`, 'u');
    for (const f of files) {
      for (const l of f.lines) {
        if (bare.test(fold(l.text).replace(phrases, ' '))) {
          out.push({
            file: f.file,
            line: l.line,
            message: `« ${q.word} » seul : écrivez lequel (${q.write.map((w) => `« ${w} »`).join(', ')}).`,
          });
        }
      }
    }
  }
  return out;
}

/** The first use of each acronym in each module must spell it out on the same line. */
export function acronymProblems(files: readonly ProseFile[], glossary: Glossary): ContentProblem[] {
  const out: ContentProblem[] = [];
  const modules = [...new Set(files.map((f) => f.moduleId))];
  for (const moduleId of modules) {
    // Reading order: the lessons in order, then the exercises (files are sorted by name).
    const reading = [
      ...files.filter((f) => f.moduleId === moduleId && f.role === 'lesson'),
      ...files.filter((f) => f.moduleId === moduleId && f.role === 'exercise'),
    ];
    for (const a of glossary.acronyms) {
      const use = new RegExp(`(?<![\\p{L}\\p{N}.-])${a.acronym}(?![\\p{L}\\p{N}-]|\\.[a-z])`, 'u');
      const explanations = [a.spelledOut, ...a.alsoAccepted].map((e) => wholeWords(fold(e)));
      const first = reading
        .flatMap((f) => f.lines.filter((l) => !l.heading).map((l) => ({ file: f.file, ...l })))
        .find((l) => use.test(l.text));
      if (first && !explanations.some((e) => e.test(fold(first.text)))) {
        out.push({
          file: first.file,
          line: first.line,
          message: `Premier emploi de « ${a.acronym} » dans le module : écrivez aussi « ${a.spelledOut} » sur cette ligne.`,
        });
      }
    }
  }
  return out;
}
