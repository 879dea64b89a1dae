import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ORGANISATION_LIMITS } from './site-limits.js';

/** The organisation that runs the space and issues its certificates (printed on them). */
const organisationSchema = new Schema(
  {
    legalName: { type: String, trim: true, maxlength: ORGANISATION_LIMITS.legalName, default: '' },
    address: { type: String, trim: true, maxlength: ORGANISATION_LIMITS.address, default: '' },
    phone: { type: String, trim: true, maxlength: ORGANISATION_LIMITS.phone, default: '' },
    website: { type: String, trim: true, maxlength: ORGANISATION_LIMITS.website, default: '' },
    signatoryName: { type: String, trim: true, maxlength: ORGANISATION_LIMITS.signatoryName, default: '' },
    signatoryRole: { type: String, trim: true, maxlength: ORGANISATION_LIMITS.signatoryRole, default: '' },
  },
  { _id: false },
);

const siteSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    neighbourhood: { type: String, trim: true, maxlength: 120, default: '' },
    address: { type: String, trim: true, maxlength: 200, default: '' },
    // The place as the national open-data schema describes it (/lieux.json, /lieux.csv).
    postalCode: { type: String, trim: true, maxlength: 5, default: '' },
    commune: { type: String, trim: true, maxlength: 120, default: '' },
    inseeCode: { type: String, trim: true, maxlength: 5, default: '' },
    siret: { type: String, trim: true, maxlength: 14, default: '' },
    openingHours: { type: String, trim: true, maxlength: 200, default: '' },
    organisation: { type: organisationSchema },
    /**
     * The site's buildings, as its coordinator listed them: the residents' forms offer
     * them and refuse any other (key: building-rules.ts). Empty: a free field.
     */
    buildings: {
      type: [new Schema({ key: { type: String, maxlength: 40 }, label: { type: String, maxlength: 40 } }, { _id: false })],
      default: [],
    },
    /** The current logo, by its checksum (see site-logo.model.ts); absent: none. */
    logoSha256: { type: String, maxlength: 64 },
    /** Marks data made by `npm run seed:demo`. */
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
siteSchema.index({ name: 1 }, { unique: true });

export type SiteDoc = InferSchemaType<typeof siteSchema> & { _id: mongoose.Types.ObjectId };
export const Site = mongoose.model('Site', siteSchema);
