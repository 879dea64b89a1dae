/**
 * A right and a wrong form body for any exercise, built from its definition: the demo
 * seed answers with them, and the tests post them through the real forms.
 */
import type { Exercise } from '../catalogue/index.js';

export function rightAnswer(e: Exercise): Record<string, string | string[]> {
  switch (e.type) {
    case 'choix-unique':
    case 'situation':
    case 'zone-image':
      return { answer: e.answer };
    case 'choix-multiple':
      return { answer: [...e.answers] };
    case 'vrai-faux':
      return { answer: String(e.answer) };
    case 'reponse-courte':
      return { answer: e.answers[0] as string };
    case 'remettre-en-ordre':
      return Object.fromEntries(e.items.map((item, i) => [`position-${i + 1}`, item.id]));
    case 'associer':
      return Object.fromEntries(e.pairs.map((p) => [`match-${p.id}`, p.id]));
    case 'auto-evaluation':
      return { answer: 'avec-aide' };
  }
}

export function wrongAnswer(e: Exercise): Record<string, string | string[]> {
  switch (e.type) {
    case 'choix-unique':
    case 'situation':
      return { answer: e.options.find((o) => o.id !== e.answer)!.id };
    case 'zone-image':
      return { answer: e.zones.find((z) => z.id !== e.answer)!.id };
    case 'choix-multiple': {
      // The wrong options ticked; when every option is right, one of them alone.
      const wrong = e.options.filter((o) => !e.answers.includes(o.id)).map((o) => o.id);
      return { answer: wrong.length > 0 ? wrong : [e.options[0]!.id] };
    }
    case 'vrai-faux':
      return { answer: String(!e.answer) };
    case 'reponse-courte':
      return { answer: e.samples?.wrong[0] ?? 'zzzz zzzz zzzz' };
    case 'remettre-en-ordre':
      return Object.fromEntries([...e.items].reverse().map((item, i) => [`position-${i + 1}`, item.id]));
    case 'associer': {
      const ids = e.pairs.map((p) => p.id);
      return Object.fromEntries(e.pairs.map((p, i) => [`match-${p.id}`, ids[(i + 1) % ids.length] as string]));
    }
    case 'auto-evaluation':
      return { answer: 'pas-encore' };
  }
}
