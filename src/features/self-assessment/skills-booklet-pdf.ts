/**
 * The skills booklet on one A4 page (PDFKit): for each workshop, each skill with what the
 * resident answered before and after, and what the leader validated, in plain words.
 * A long list stops before the page's foot and says how many more are in "Mon dossier".
 */
import { formatDate } from '../../platform/day.js';
import { printedPaper } from '../../platform/pdf.js';
import { frenchTypography as fr } from '../../platform/typography.js';
import { ANSWER_WORDS, type BookletSkill } from './self-assessment-rules.js';
import type { SkillsBooklet } from './self-assessment.service.js';

const MARGIN = 48;
const LEVEL_WORDS: Record<string, string> = { seul: 'sans aide', 'avec-aide': 'avec de l’aide' };

function skillLine(s: BookletSkill): string {
  const before = s.before ? ANSWER_WORDS[s.before] : '—';
  const after = s.after ? ANSWER_WORDS[s.after] : '—';
  const validated = s.validation
    ? `Validé par l’animateur : ${LEVEL_WORDS[s.validation.level] ?? s.validation.level}, le ${formatDate(s.validation.date, 'fr')}.`
    : 'Pas encore validé.';
  return fr(`Avant l’atelier : ${before}. Après : ${after}. ${validated}`);
}

export async function renderSkillsBooklet(b: SkillsBooklet): Promise<Buffer> {
  const { doc, done } = printedPaper(`Livret de compétences — ${b.name}`, { margin: MARGIN });
  const width = doc.page.width - 2 * MARGIN;
  // Room kept at the foot for the "more in Mon dossier" line.
  const bottom = doc.page.height - MARGIN - 40;
  doc.font('B').fontSize(9).fillColor('#0b4f8a').text(b.siteName, { width });
  doc.font('B').fontSize(18).fillColor('#1a1a1a').text('Mon livret de compétences', { width });
  doc.font('R').fontSize(12).text(b.name, { width });
  doc
    .fontSize(9)
    .text(fr(`Imprimé le ${formatDate(b.printedOn, 'fr')}.`), { width })
    .moveDown(0.5);
  doc
    .fontSize(9)
    .text(fr('« Avant » et « Après » : ce que vous avez répondu à l’atelier. « Validé » : ce que l’animateur a vu.'), { width })
    .moveDown(0.6);
  if (b.modules.length === 0) doc.fontSize(11).text(fr('Pas encore de compétence dans ce livret.'), { width });
  const total = b.modules.reduce((n, m) => n + m.skills.length, 0);
  let shown = 0;
  outer: for (const m of b.modules) {
    if (doc.y > bottom - 40) break;
    doc.font('B').fontSize(12).fillColor('#0b4f8a').text(fr(m.title), { width }).fillColor('#1a1a1a');
    for (const s of m.skills) {
      if (doc.y > bottom - 24) break outer;
      doc.font('B').fontSize(10).text(fr(s.title), { width, indent: 8 });
      doc.font('R').fontSize(9).text(skillLine(s), { width, indent: 8 }).moveDown(0.25);
      shown++;
    }
    doc.moveDown(0.3);
  }
  if (shown < total)
    doc
      .font('R')
      .fontSize(9)
      .text(fr(`Et ${total - shown} autres compétences : voyez « Mon dossier ».`), MARGIN, bottom + 8, { width });
  doc.end();
  return done;
}
