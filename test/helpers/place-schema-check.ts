/**
 * Checks rows against the national schema of places as published (a copy of its fields
 * and constraints in test/fixtures), independently of the app's own code: every required
 * field present, every pattern and enum met, no field the schema does not know.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface SchemaField {
  name: string;
  type: string;
  constraints: { required?: boolean; pattern?: string; enum?: string[]; maxLength?: number };
}
const schema = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/lieux-mediation-numerique.schema.json'), 'utf8'),
) as { fields: SchemaField[] };

export const SCHEMA_FIELDS = schema.fields.map((f) => f.name);

export function schemaProblems(row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(row)) if (!SCHEMA_FIELDS.includes(key)) problems.push(`${key}: not in the schema`);
  for (const f of schema.fields) {
    const v = row[f.name];
    const empty = v === undefined || v === null || v === '';
    if (empty) {
      if (f.constraints.required) problems.push(`${f.name}: required`);
      continue;
    }
    const text = String(v);
    // Table Schema patterns match the whole value.
    if (f.constraints.pattern && !new RegExp(`^(?:${f.constraints.pattern})$`, 'u').test(text))
      problems.push(`${f.name}: "${text}" does not match ${f.constraints.pattern}`);
    if (f.constraints.enum && !f.constraints.enum.includes(text)) problems.push(`${f.name}: "${text}" not allowed`);
    if (f.constraints.maxLength && text.length > f.constraints.maxLength) problems.push(`${f.name}: too long`);
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) problems.push(`${f.name}: not a date`);
  }
  return problems;
}

/** A CSV of the schema (commas, double quotes) read back into rows. */
export function readCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}
