/** What a rebuild of one kind of kept document answers (`npm run stats:rebuild`, with or without `--check`). */
export interface RebuildReport {
  checked: number;
  differences: string[];
  written: number;
}
