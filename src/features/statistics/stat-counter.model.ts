/**
 * Running counters for the statistics page, and the facts they are made of.
 *
 * A fact is what one event (a support entry, a session, a certificate…) adds to one
 * counter document: `{ site, bucket, counts }`, stored under the event's own id so that
 * recording it again changes nothing (idempotent on retry). A counter document is the
 * sum of the facts of one site and one bucket (a month `2026-03`, a quarter `2026-T1`,
 * a year `2026`, or `stock` for the current state of households). The page reads a few
 * dozen counter documents instead of counting whole collections, which FerretDB 1.x
 * cannot do without reading every row.
 */
import mongoose, { Schema } from 'mongoose';

const statFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    site: { type: Schema.Types.ObjectId, required: true },
    bucket: { type: String, required: true, maxlength: 10 },
    counts: { type: Schema.Types.Mixed, default: {} },
    /** For facts shared by several events (a resident seen in a month): those events' ids. */
    members: { type: [String], default: undefined },
  },
  { collection: 'stat_facts', versionKey: false, minimize: false },
);

const statCounterSchema = new Schema(
  {
    /** `<site>|<bucket>` */
    _id: { type: String, required: true },
    site: { type: Schema.Types.ObjectId, required: true },
    bucket: { type: String, required: true, maxlength: 10 },
    c: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'stat_counters', versionKey: false, minimize: false },
);
statCounterSchema.index({ site: 1 });
// The rebuild compares a site's facts with what it recounts.
statFactSchema.index({ site: 1 });

export interface StatFactDoc {
  _id: string;
  site: mongoose.Types.ObjectId;
  bucket: string;
  counts: Record<string, number>;
  members?: string[];
}

export interface StatCounterDoc {
  _id: string;
  site: mongoose.Types.ObjectId;
  bucket: string;
  c: Record<string, number>;
}

export const StatFact = mongoose.model('StatFact', statFactSchema);
export const StatCounter = mongoose.model('StatCounter', statCounterSchema);
