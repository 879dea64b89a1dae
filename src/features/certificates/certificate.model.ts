/**
 * One certificate per document. It keeps a snapshot of what was validated and of
 * the names, so that the PDF and the public page never change when content or
 * accounts change later. Never deleted: a revocation is a status with a reason.
 */
import mongoose, { Schema } from 'mongoose';
import { CERTIFICATE_STATUSES, LIMITS } from './certificate.types.js';

const skillSnapshotSchema = new Schema(
  {
    skillId: { type: String, required: true, maxlength: 60 },
    title: { type: String, required: true, maxlength: LIMITS.title },
    /** The CRCN competence, e.g. `4.1`; absent on certificates issued before layout 2. */
    crcn: { type: String, maxlength: 10 },
    level: { type: String, enum: ['avec-aide', 'seul'], required: true },
    method: { type: String, maxlength: 40, default: '' },
    date: { type: Date, required: true },
    byName: { type: String, maxlength: LIMITS.name, default: '' },
    session: { type: Schema.Types.ObjectId },
  },
  { _id: false },
);

/** The issuing organisation as it was at issue time (the site's, see sites/): later edits change no certificate. */
const issuerSchema = new Schema(
  {
    legalName: { type: String, maxlength: 120, default: '' },
    address: { type: String, maxlength: 200, default: '' },
    phone: { type: String, maxlength: 30, default: '' },
    website: { type: String, maxlength: 120, default: '' },
    signatoryName: { type: String, maxlength: 80, default: '' },
    signatoryRole: { type: String, maxlength: 80, default: '' },
    /** The site's logo then (site_logos, addressed by checksum, never changed). */
    logoSha256: { type: String, maxlength: 64 },
    /** A site made by `npm run seed:demo`: the certificate says it is a demonstration. */
    demo: { type: Boolean, default: false },
  },
  { _id: false },
);

const certificateSchema = new Schema(
  {
    code: { type: String, required: true, maxlength: 13 },
    user: { type: Schema.Types.ObjectId, required: true },
    site: { type: Schema.Types.ObjectId },
    siteName: { type: String, maxlength: LIMITS.site, default: '' },
    kind: { type: String, enum: ['module', 'socle'], required: true },
    /** The module id, or `socle`. */
    ref: { type: String, required: true, maxlength: 60 },
    title: { type: String, required: true, maxlength: LIMITS.title },
    holderName: { type: String, required: true, maxlength: LIMITS.name },
    holderFirstName: { type: String, maxlength: LIMITS.name, default: '' },
    holderLastName: { type: String, maxlength: LIMITS.name, default: '' },
    /** Residents give a birth year only (never a full date): printed on the PDF, never on the public check. */
    holderBirthYear: { type: Number, min: 1900, max: 2100 },
    issuer: { type: issuerSchema },
    /**
     * The PDF layout the certificate was issued with: absent means 1 (before the
     * organisation, the CRCN codes and the legend). Kept so that the PDF of an older
     * certificate is the same file as at issue (its `pdfSha256` still matches).
     */
    layout: { type: Number },
    skills: { type: [skillSnapshotSchema], default: [] },
    issuedAt: { type: Date, required: true },
    /** The month of `issuedAt` in Brest, "YYYY-MM": the staff list reads one month (an equality). */
    issuedMonth: { type: String, maxlength: 7 },
    /** Its place in its site's month, and the page of the staff list that holds it (certificate-list-keys.ts). */
    listSeq: { type: Number, min: 0 },
    listBucket: { type: String, maxlength: 20 },
    /** Every prefix of the words of the holder's name (platform/name-keys.ts): the search by name. */
    searchKeys: { type: [String], default: undefined },
    issuedBy: { type: Schema.Types.ObjectId, required: true },
    issuedByName: { type: String, maxlength: LIMITS.name, default: '' },
    status: { type: String, enum: CERTIFICATE_STATUSES, required: true, default: 'valid' },
    /**
     * `<user>:<ref>` while valid, `revoked:<id>` once revoked. Unique: two leaders
     * clicking "issue" at the same time get one certificate (no transactions, no
     * partial indexes on FerretDB 1.x, so the key itself changes on revocation).
     */
    activeKey: { type: String, required: true, maxlength: 100 },
    revokedAt: { type: Date },
    revokedBy: { type: Schema.Types.ObjectId },
    revokedByName: { type: String, maxlength: LIMITS.name },
    revokeReason: { type: String, maxlength: LIMITS.reason },
    replaces: { type: Schema.Types.ObjectId },
    replacedBy: { type: Schema.Types.ObjectId },
    /** The version of the rules it was issued under (socle.yaml); absent before versions. */
    rulesVersion: { type: Number },
    /** Last day of validity (socle.yaml validityYears); absent: no end. */
    validUntil: { type: Date },
    /** SHA-256 of the PDF made at issue time: the same data gives the same file. */
    pdfSha256: { type: String, maxlength: 64 },
    /** Its bit in the status list of the signed credentials (credential-slot.model.ts). */
    statusIndex: { type: Number },
    /** The salt of the holder's name hash in the signed credential. */
    credentialSalt: { type: String, maxlength: 64 },
    /**
     * 2: issued with the VC-JWT and Data Integrity forms, both attached to its PDF. Absent:
     * issued in the days of the envelope form, which its PDF keeps attached while this
     * machine has that key, so that the PDF stays the file issued (`pdfSha256`).
     */
    credentialVersion: { type: Number },
  },
  { collection: 'certificates', versionKey: false },
);
certificateSchema.index({ code: 1 }, { unique: true });
certificateSchema.index({ activeKey: 1 }, { unique: true });
certificateSchema.index({ user: 1, issuedAt: -1 });
certificateSchema.index({ site: 1, issuedAt: -1 });
certificateSchema.index({ site: 1, listBucket: 1 });
certificateSchema.index({ site: 1, searchKeys: 1 });
// The status list reads the revoked ones (a few among all the certificates).
certificateSchema.index({ status: 1 });

export const Certificate = mongoose.model('Certificate', certificateSchema);
