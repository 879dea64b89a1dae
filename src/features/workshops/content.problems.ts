/**
 * Problems found in content/, each at its file and line. The loader and the checker
 * collect every problem before stopping, so an author fixes them all in one go.
 */
import path from 'node:path';

export interface ContentProblem {
  /** Relative to the content folder's parent, e.g. `content/mon-module/module.yaml`. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export const formatProblem = (p: ContentProblem): string => `${p.file}:${p.line}: ${p.message}`;

export const byFileAndLine = (a: ContentProblem, b: ContentProblem): number =>
  a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;

export class ContentError extends Error {
  constructor(readonly problems: readonly ContentProblem[]) {
    const count = problems.length === 1 ? '1 problème' : `${problems.length} problèmes`;
    super(`Le contenu a ${count} :\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** Collects problems with paths relative to the content folder's parent. */
export class Problems {
  readonly list: ContentProblem[] = [];
  constructor(
    private readonly root: string,
    private readonly label: string,
  ) {}

  add(file: string, line: number, message: string): void {
    const rel = path.join(this.label, path.relative(this.root, file)).split(path.sep).join('/');
    // The same image twice on a line, say, is one thing to fix.
    if (this.list.some((p) => p.file === rel && p.line === line && p.message === message)) return;
    this.list.push({ file: rel, line, message });
  }

  sorted(): ContentProblem[] {
    return [...this.list].sort(byFileAndLine);
  }
}
