/**
 * The issuer's keys, public parts only: every key that ever signed a credential stays
 * here (so every backup carries it and the issuer profile publishes it for ever). The
 * private parts are files in DATA_DIR/credential-keys, never in the database.
 *
 * A key serves one form: `jwt` (RS256, VC-JWT), `data-integrity` (Ed25519,
 * eddsa-rdfc-2022) or `envelope` (the Ed25519 key of the first credentials, an
 * EnvelopedVerifiableCredential over an EdDSA JWS). Within a form the highest
 * `generation` is the current key. A new key is an insert guarded by the unique
 * `(form, generation)` index: the only atomic write on FerretDB 1.24, so two starts
 * (or a start and `npm run credentials:new-key`) at once agree on one key.
 */
import mongoose, { Schema } from 'mongoose';
import { KEY_FORMS } from './credential-key.types.js';

const keySchema = new Schema(
  {
    /** The URL in the credentials' `kid` or proof `verificationMethod`. */
    kid: { type: String, required: true, maxlength: 300 },
    form: { type: String, enum: KEY_FORMS, required: true },
    generation: { type: Number, required: true, min: 1 },
    alg: { type: String, enum: ['RS256', 'EdDSA'], required: true },
    /** The public key as a JWK (RFC 7517), without private members. */
    publicJwk: { type: Schema.Types.Mixed, required: true },
    /** Ed25519 keys: the public key as a Multikey (`z6Mk…`). */
    publicKeyMultibase: { type: String, maxlength: 100 },
    /** The private part's file name in DATA_DIR/credential-keys (the JWK thumbprint); empty for the envelope key. */
    file: { type: String, maxlength: 100, default: '' },
    /** When it became the current key, and when a newer one replaced it. */
    from: { type: Date, required: true },
    until: { type: Date },
    /** Set by `npm run credentials:retire-key -- KID --compromised-since DATE`. */
    compromisedSince: { type: Date },
  },
  { collection: 'credential_keys', versionKey: false, minimize: false },
);
keySchema.index({ kid: 1 }, { unique: true });
keySchema.index({ form: 1, generation: 1 }, { unique: true });
keySchema.index({ form: 1 });

export const CredentialKey = mongoose.model('CredentialKey', keySchema);
