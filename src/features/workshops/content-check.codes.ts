/**
 * Codes an employer can trust: one thing, one code. A glossary term may carry a CRCN
 * competence and a PIM domain (hameçonnage: 4.1); every skill whose title names the term
 * has exactly those codes, in every module. The schema already allows the 16 real CRCN
 * competences only, and codes on digital skills only (crcn and pim together, or none).
 */
import type { Catalogue } from '../catalogue/index.js';
import type { ContentFiles } from './content-check.files.js';
import type { ContentProblem } from './content.problems.js';
import { fold, type Glossary } from './glossary.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function codeProblems(files: ContentFiles, catalogue: Catalogue, glossary: Glossary): ContentProblem[] {
  const coded = glossary.terms.filter((t) => t.crcn !== undefined);
  const out: ContentProblem[] = [];
  for (const m of catalogue.modules) {
    const source = files.modules.find((x) => x.moduleId === m.id)?.module;
    m.skills.forEach((skill, i) => {
      for (const term of coded) {
        const named = new RegExp(`(?<![\\p{L}\\p{N}])${escape(fold(term.term))}(?![\\p{L}\\p{N}])`, 'u').test(fold(skill.title));
        if (named && (skill.crcn !== term.crcn || skill.pim !== term.pim)) {
          out.push({
            file: source?.file ?? `${files.label}/${m.id}/module.yaml`,
            line: source?.line(['skills', i, 'crcn']) ?? 1,
            message: `La compétence « ${skill.id} » parle de « ${term.term} » : crcn "${term.crcn}" et pim "${term.pim}", comme dans tous les modules (glossaire.yaml).`,
          });
        }
      }
    });
  }
  return out;
}
