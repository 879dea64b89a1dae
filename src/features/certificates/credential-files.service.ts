/**
 * Which signed files a certificate's PDF carries. A certificate issued since the two
 * forms carries both (`.jwt` and `.json`). One issued in the days of the envelope form
 * (`credentialVersion` absent) keeps its envelope while this machine has that key and it
 * has not leaked, so that its PDF stays the file issued (`pdfSha256`); otherwise it
 * carries the two forms, signed by the current keys.
 */
import { CompactSign } from 'jose';
import type { CertificateDoc } from './certificate.types.js';
import { certificateSettings } from './certificate-settings.js';
import type { CredentialFile } from './credential-attachment.js';
import { openBadgeCredential, type CredentialSource } from './credential-document.js';
import { envelopeKey, type SigningKey } from './credential-keys.js';
import {
  credentialDataIntegrity,
  credentialFilename,
  credentialJwt,
  crcnOf,
  ERASED_HOLDER,
  withCredentialFields,
} from './credential.service.js';

/** The credential version of certificates issued now: both forms. */
export const CREDENTIAL_VERSION = 2;

/** The two forms, for a certificate issued now or since. */
export async function credentialFiles(
  c: CredentialSource & Pick<CertificateDoc, 'holderName'>,
  now: Date,
): Promise<CredentialFile[]> {
  if (c.holderName === ERASED_HOLDER) return [];
  const [jwt, json] = await Promise.all([credentialJwt(c, now), credentialDataIntegrity(c, now)]);
  return [
    {
      name: credentialFilename(c.code, 'jwt'),
      body: jwt,
      type: 'application/vc+jwt',
      description: 'Attestation signée (Open Badges 3.0, VC-JWT), pour un logiciel de recrutement',
    },
    {
      name: credentialFilename(c.code, 'json'),
      body: json,
      type: 'application/json',
      description: 'Attestation signée (Open Badges 3.0, Data Integrity), pour un portefeuille numérique',
    },
  ];
}

/** The files of an issued certificate's PDF (layout 2 and later; layout 1 carries none). */
export async function credentialFilesFor(c: CertificateDoc, now: Date): Promise<CredentialFile[]> {
  if (c.holderName === ERASED_HOLDER) return [];
  const source = await withCredentialFields(c, now);
  if (source.credentialVersion === undefined) {
    const key = await envelopeKey(certificateSettings().keys, now);
    if (key) return [await envelopeFile(source, key)];
  }
  return credentialFiles(source, now);
}

/** The envelope form, byte for byte as it was first handed out. */
async function envelopeFile(c: CredentialSource, key: SigningKey): Promise<CredentialFile> {
  const payload = openBadgeCredential(c, certificateSettings().publicUrl, crcnOf, 'milliseconds');
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: key.doc.kid })
    .sign(key.privateKey);
  const envelope = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `data:application/vc+jwt,${jws}`,
    type: 'EnvelopedVerifiableCredential',
  };
  return {
    name: credentialFilename(c.code, 'json'),
    body: JSON.stringify(envelope, null, 2) + '\n',
    type: 'application/json',
    description: 'Attestation signée (Open Badges 3.0)',
  };
}
