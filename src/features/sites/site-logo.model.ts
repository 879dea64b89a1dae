/**
 * Logos, addressed by their SHA-256: written once, never changed nor deleted. A site
 * points to its current logo and a certificate to the logo it was issued with, so a
 * new logo never changes a certificate already issued, and the image is stored once.
 */
import mongoose, { Schema } from 'mongoose';
import { LOGO_MAX_BYTES } from './site-limits.js';

const siteLogoSchema = new Schema(
  {
    _id: { type: String, required: true, maxlength: 64 },
    contentType: { type: String, enum: ['image/png', 'image/jpeg'], required: true },
    data: { type: Buffer, required: true, validate: (b: Buffer) => b.length <= LOGO_MAX_BYTES },
  },
  { collection: 'site_logos', versionKey: false },
);

export interface SiteLogoDoc {
  _id: string;
  contentType: 'image/png' | 'image/jpeg';
  data: Buffer;
}

export const SiteLogo = mongoose.model('SiteLogo', siteLogoSchema);
