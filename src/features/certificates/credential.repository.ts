/**
 * Reads of the signed credentials on a request path (test/http/query-pushdown.test.ts
 * explains each builder): the places of the revoked certificates in the status list.
 */
import { findBy, namedQueries } from '../../platform/repository.js';
import { Certificate } from './certificate.model.js';
import type { CertificateDoc } from './certificate.types.js';

const build = {
  revokedCertificates: () => ({
    model: Certificate,
    filter: { status: 'revoked' },
    projection: { _id: 0, statusIndex: 1 },
  }),
};

export const credentialQueries = namedQueries(build, { revokedCertificates: [] });

/** Every revoked certificate's place (certificates issued before credentials have none). */
export async function revokedStatusIndices(): Promise<number[]> {
  const rows = await findBy(build.revokedCertificates()).lean<Pick<CertificateDoc, 'statusIndex'>[]>();
  return rows.map((r) => r.statusIndex).filter((i): i is number => typeof i === 'number');
}
