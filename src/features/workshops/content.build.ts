/**
 * Building the in-memory catalogue from checked files: Markdown rendered once, image
 * paths turned into URLs, everything frozen and indexed by id. Rendering reports broken
 * links and images at their file and line.
 */
import { frenchTypography } from '../../platform/typography.js';
import type { Catalogue, Choice, Exercise, Feedback, Lesson, Module, Picture, Rich, Skill } from '../catalogue/index.js';
import { checkImageSrc, renderBlock, renderInline, type RenderContext } from './content.markdown.js';
import type { Path, RawModule, Source } from './content.parse.js';
import { imageUrl } from './content.paths.js';
import type { Problems } from './content.problems.js';
import { inferAnswerKind, type ExerciseFile } from './content.schema.js';

type BaseContext = Omit<RenderContext, 'report'>;

const contextFor = (base: BaseContext, file: string, problems: Problems): RenderContext => ({
  ...base,
  report: (line, message) => problems.add(file, line, message),
});

function picture(src: string, alt: string, ctx: RenderContext, line: number): Picture {
  checkImageSrc(src, ctx, line);
  return { url: imageUrl(ctx.moduleId, src), alt };
}

/** Renders the texts of one exercise file, each at its own line. */
class ExerciseTexts {
  constructor(
    private readonly source: Source<ExerciseFile>,
    readonly ctx: RenderContext,
  ) {}

  rich(text: string, at: Path): Rich {
    return renderInline(text, this.ctx, this.source.line(at));
  }

  choices(list: readonly { id: string; text: string }[], field: string): Choice[] {
    return list.map((c, i) => ({ id: c.id, text: this.rich(c.text, [field, i, 'text']) }));
  }

  feedback(f: { right: string; wrong: string; next?: string | undefined }): Feedback {
    return {
      right: this.rich(f.right, ['feedback', 'right']),
      wrong: this.rich(f.wrong, ['feedback', 'wrong']),
      ...(f.next === undefined ? {} : { next: this.rich(f.next, ['feedback', 'next']) }),
    };
  }
}

function commonFields(source: Source<ExerciseFile>, t: ExerciseTexts) {
  const ex = source.data;
  return {
    id: ex.id,
    moduleId: t.ctx.moduleId,
    file: source.name,
    skill: ex.skill,
    ...(ex.lesson === undefined ? {} : { lesson: ex.lesson }),
    question: t.rich(ex.question, ['question']),
    ...(ex.image === undefined ? {} : { image: picture(ex.image.src, ex.image.alt, t.ctx, source.line(['image', 'src'])) }),
    ...('taught' in ex && ex.taught !== undefined ? { taught: ex.taught } : {}),
    ...('verified' in ex && ex.verified !== undefined ? { verified: ex.verified } : {}),
  };
}

/** The fields that only some types have. */
function typedFields(ex: ExerciseFile, t: ExerciseTexts) {
  switch (ex.type) {
    case 'choix-unique':
      return { type: ex.type, options: t.choices(ex.options, 'options'), answer: ex.answer, feedback: t.feedback(ex.feedback) };
    case 'choix-multiple':
      return { type: ex.type, options: t.choices(ex.options, 'options'), answers: ex.answers, feedback: t.feedback(ex.feedback) };
    case 'vrai-faux':
      return {
        type: ex.type,
        statement: t.rich(ex.statement, ['statement']),
        answer: ex.answer,
        feedback: t.feedback(ex.feedback),
      };
    case 'reponse-courte':
      return {
        type: ex.type,
        answers: ex.answers,
        kind: ex.kind ?? inferAnswerKind(ex.answers),
        ...(ex.placeholder === undefined ? {} : { placeholder: ex.placeholder }),
        ...(ex.samples === undefined ? {} : { samples: ex.samples }),
        feedback: t.feedback(ex.feedback),
      };
    case 'remettre-en-ordre':
      return {
        type: ex.type,
        items: t.choices(ex.items, 'items'),
        ...(ex.anyOrder === undefined ? {} : { anyOrder: ex.anyOrder }),
        feedback: t.feedback(ex.feedback),
      };
    case 'associer': {
      const pairs = ex.pairs.map((p, i) => ({
        id: p.id,
        left: t.rich(p.left, ['pairs', i, 'left']),
        right: t.rich(p.right, ['pairs', i, 'right']),
      }));
      return { type: ex.type, pairs, feedback: t.feedback(ex.feedback) };
    }
    case 'zone-image':
      return {
        type: ex.type,
        image: { url: imageUrl(t.ctx.moduleId, ex.image.src), alt: ex.image.alt }, // checked in commonFields
        zones: ex.zones.map((z0, i) => ({ ...z0, label: t.rich(z0.label, ['zones', i, 'label']) })),
        answer: ex.answer,
        feedback: t.feedback(ex.feedback),
      };
    case 'situation': {
      const { kind, from = '', subject = '', body = '', fields = [] } = ex.scene;
      return {
        type: ex.type,
        scene: { kind, from, subject, body, fields },
        options: t.choices(ex.options, 'options'),
        answer: ex.answer,
        feedback: t.feedback(ex.feedback),
      };
    }
    case 'auto-evaluation': {
      const next = ex.feedback?.next;
      return { type: ex.type, ...(next === undefined ? {} : { feedback: { next: t.rich(next, ['feedback', 'next']) } }) };
    }
  }
}

function buildExercise(source: Source<ExerciseFile>, base: BaseContext, problems: Problems): Exercise {
  const texts = new ExerciseTexts(source, contextFor(base, source.file, problems));
  return { ...commonFields(source, texts), ...typedFields(source.data, texts) } as Exercise;
}

export function buildModule(raw: RawModule, problems: Problems): Module | null {
  const base: BaseContext = {
    moduleId: raw.module?.data.id ?? raw.folder,
    lessonIds: raw.lessonIds,
    exerciseIds: raw.exerciseIds,
    images: raw.images,
  };
  // Rendered even when module.yaml is broken, so that link and image problems show too.
  const lessons: Lesson[] = raw.lessons
    .map((l) => ({
      id: l.data.id,
      moduleId: base.moduleId,
      title: frenchTypography(l.data.title),
      order: l.data.order,
      skills: l.data.skills,
      html: renderBlock(l.body, contextFor(base, l.file, problems), l.bodyLine),
    }))
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const exercises = raw.exercises.map((e) => buildExercise(e, base, problems));
  const mod = raw.module;
  if (!mod) return null;

  const m = mod.data;
  // Titles as shown and printed, in French typography (one apostrophe, non-breaking spaces).
  const skills: Skill[] = m.skills.map((s) => ({ ...s, title: frenchTypography(s.title), moduleId: m.id }));
  const pictogram = picture(m.pictogram, m.pictogramAlt, contextFor(base, mod.file, problems), mod.line(['pictogram']));
  return {
    id: m.id,
    order: m.order,
    title: frenchTypography(m.title),
    summary: frenchTypography(m.summary),
    pictogram,
    skills,
    lessons,
    exercises,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Sorted, frozen, and indexed by id: what every page reads. */
export function buildCatalogue(modules: Module[]): Catalogue {
  const sorted = deepFreeze([...modules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1)));
  const skills = Object.freeze(sorted.flatMap((m) => m.skills));
  return Object.freeze({
    modules: sorted,
    moduleById: new Map(sorted.map((m) => [m.id, m])),
    skillById: new Map(skills.map((s) => [s.id, s])),
    exerciseById: new Map(sorted.flatMap((m) => m.exercises.map((e) => [e.id, e] as const))),
    allSkills: () => skills,
  });
}
