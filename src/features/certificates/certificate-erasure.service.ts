/**
 * Erasure: a resident's certificates keep their codes and dates but lose the name.
 */
import mongoose from 'mongoose';
import { withDocumentLock } from '../../platform/document-lock.js';
import { idOrNull } from '../../platform/ids.js';
import { certificatesOfUser, updateCertificate } from './certificate.repository.js';
import { certificateKey, revokedFields } from './certificate-revoke.service.js';
import { recordCertificateState } from './certificate.activity.js';

export const ANONYMOUS_HOLDER = 'Personne anonymisée';
const ERASED_REASON = 'Données personnelles effacées à la demande de la personne ou après deux ans sans contact.';

/**
 * Erasure of a resident's personal data. Certificates are never deleted (an employer
 * may hold a copy, and the code must still answer), but they lose the holder's name,
 * and any still valid is revoked, so the public page names nobody any more.
 * Repeating it changes nothing.
 */
/** Returns the ids of the certificates it changed (their audit events are scrubbed next). */
export async function anonymiseCertificatesOfUser(userId: string, now: Date): Promise<string[]> {
  if (!idOrNull(userId)) return [];
  const rows = await certificatesOfUser(new mongoose.Types.ObjectId(userId), 10_000);
  for (const c of rows) {
    const id = String(c._id);
    await withDocumentLock(certificateKey(id), async () => {
      await updateCertificate(c._id, {
        $unset: { holderBirthYear: 1 },
        $set: {
          holderName: ANONYMOUS_HOLDER,
          holderFirstName: ANONYMOUS_HOLDER,
          holderLastName: '',
          // The search keys hold the name: they go with it.
          searchKeys: [],
          ...(c.status === 'valid' ? revokedFields(id, null, ERASED_REASON, now) : {}),
        },
      });
      await recordCertificateState(id);
    });
  }
  return rows.map((c) => String(c._id));
}
