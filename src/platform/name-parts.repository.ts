/**
 * The parts of a site's lists by name (name-parts.ts): one small document per site and
 * list (`residents:<site>`, `accounts:<site>`), read by `_id` by each page of the list,
 * changed under its document lock by each write that puts a row in a part or takes it
 * out (a new resident, a new name, an erasure), and laid out again whole by the
 * start-up migration, seed:scale and stats:rebuild.
 */
import mongoose from 'mongoose';
import { directContext, WRITE_BATCH } from './background.js';
import { documentKey, withDocumentLock } from './document-lock.js';
import { inBatches } from './migrations.js';
import type { Letter } from './name-keys.js';
import {
  checkParts,
  layoutParts,
  leavePart,
  partId,
  partIndexOf,
  PART_MAX,
  splitPart,
  type NamedRow,
  type Parts,
} from './name-parts.js';
import { namedQueries } from './repository.js';

const namePartsSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true, maxlength: 80 },
    /** Per letter, its parts in order: `{ from, count }`. */
    parts: { type: mongoose.Schema.Types.Mixed, default: {} },
  },
  { collection: 'name_parts', versionKey: false, minimize: false },
);
export const NameParts = mongoose.model('NameParts', namePartsSchema);

type Id = mongoose.Types.ObjectId;
const docId = (list: string, site: Id | string) => `${list}:${String(site)}`;
const listLock = (list: string, site: Id) => documentKey('name_parts', docId(list, site));

const build = {
  namePartsById: (id: string) => ({ model: NameParts, filter: { _id: id } }),
};
export const namePartsQueries = namedQueries(build, { namePartsById: ['residents:6b16e5a785e64030b7dd0793'] });

/** The parts of a site's list (none yet: empty). One read by `_id`. */
export async function namePartsOf(list: string, site: Id | string): Promise<Parts> {
  const doc = await NameParts.findOne(build.namePartsById(docId(list, site)).filter).lean<{ parts?: Parts }>();
  return doc?.parts ?? {};
}

/** Writes a site's parts whole (under the list's lock, or laid out from scratch). */
export async function saveNameParts(list: string, site: Id | string, parts: Parts): Promise<void> {
  // Replaced whole: a `$set` of the object did not take a letter out of it on FerretDB 1.24.
  const _id = docId(list, site);
  const collection = NameParts.collection as unknown as mongoose.mongo.Collection<{ _id: string; parts: Parts }>;
  await collection.replaceOne(build.namePartsById(_id).filter, { parts }, { upsert: true });
}

/** What placeName needs of the collection a list shows. */
export interface NamePartsList {
  name: string;
  /** The rows of one part, with their sort keys: a part to split (at most PART_MAX + 1 rows). */
  rowsOfPart(site: Id, part: string): Promise<{ _id: Id; key: string }[]>;
  /** Moves rows to another part, each under its own document lock. */
  moveRows(ids: Id[], part: string): Promise<void>;
}

/**
 * Puts a row in the part its name goes into, or takes it out of its part (`to` null),
 * under the site's list lock: `write` gets the part to write on the row (null: none) and
 * writes the row; then the counts change, and a part grown past PART_MAX is split (its
 * upper half moved to a new part: at most 26 writes, on a new name only).
 */
export async function placeName<T>(
  list: NamePartsList,
  site: Id,
  change: { from?: string | null; to: { letter: Letter; key: string } | null },
  write: (part: string | null) => Promise<T>,
): Promise<T> {
  return withDocumentLock(listLock(list.name, site), async () => {
    const parts = await namePartsOf(list.name, site);
    let target: { letter: Letter; at: number; id: string } | null = null;
    if (change.to) {
      const { letter, key } = change.to;
      const own = (parts[letter] ??= [{ from: '', count: 0 }]);
      const at = partIndexOf(own, key);
      target = { letter, at, id: partId(letter, own[at]!.from) };
    }
    const result = await write(target?.id ?? null);
    if ((change.from ?? null) === (target?.id ?? null)) return result;
    if (target) parts[target.letter]![target.at]!.count += 1;
    if (change.from) leavePart(parts, change.from);
    if (target) {
      const own = parts[target.letter]!;
      const at = own.findIndex((p) => partId(target.letter, p.from) === target.id);
      if (own[at]!.count > PART_MAX) {
        const cut = splitPart(await list.rowsOfPart(site, target.id));
        if (cut) {
          await list.moveRows(
            cut.moved.map((r) => r._id),
            partId(target.letter, cut.from),
          );
          own.splice(at, 1, { from: own[at]!.from, count: cut.kept }, { from: cut.from, count: cut.moved.length });
        }
      }
    }
    await saveNameParts(list.name, site, parts);
    return result;
  });
}

/**
 * One site's list laid out again from its rows, under the list's lock (the start-up
 * migrations, seed:scale, stats:rebuild). `read` gives the rows, each with the part it
 * carries, and any other difference found on them; unless `check` or nothing differs,
 * `writeOf` makes each row's write, sent by `writeRows` in batches, then the parts are
 * saved. Answers the differences (prefixed with the list and the site) and the writes.
 */
export async function relaySiteParts<R extends NamedRow<Id> & { part: string | null }, W>(
  list: string,
  site: Id,
  opts: { check?: boolean; step?: () => Promise<void> },
  read: () => Promise<{ rows: R[]; otherDifferences?: string[] }>,
  writeOf: (row: R, part: string) => W,
  writeRows: (writes: W[]) => Promise<void>,
): Promise<{ differences: string[]; written: number }> {
  return withDocumentLock(listLock(list, site), async () => {
    const { rows, otherDifferences = [] } = await read();
    const differences = [...checkParts(await namePartsOf(list, site), rows), ...otherDifferences].map(
      (d) => `${list} ${String(site)} ${d}`,
    );
    if (opts.check || differences.length === 0) return { differences, written: 0 };
    const { parts, partOf } = layoutParts<Id>(rows);
    const writes = rows.map((r) => writeOf(r, partOf.get(r._id)!));
    await inBatches(writes, WRITE_BATCH * 10, { step: opts.step ?? directContext.step }, writeRows);
    await saveNameParts(list, site, parts);
    return { differences, written: writes.length + 1 };
  });
}
