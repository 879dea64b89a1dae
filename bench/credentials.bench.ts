/**
 * How long the signed credentials take: one `.jwt` (RS256 over the credential JSON) and
 * one `.json` (Data Integrity, eddsa-rdfc-2022: JSON-LD canonicalisation, then Ed25519),
 * signed, then the `.json` checked as /verifier does (offline loader). No database: the
 * credential of a socle certificate (24 skills) built by the app's own pure code.
 * Usage: npx tsx bench/credentials.bench.ts [N=50]
 * Timings depend on the machine: never assert them in tests.
 */
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CompactSign } from 'jose';
import { openBadgeCredential, vcJwtPayload } from '../src/features/certificates/credential-document.js';
import { issuerProfile, keyDocument, type PublishedKey } from '../src/features/certificates/credential-issuer.js';
import { offlineLoader, proofHolds, signDataIntegrity } from '../src/features/certificates/credential-linked-data.js';

const N = Math.max(5, Number(process.argv[2]) || 50);
const publicUrl = 'https://numerique.example.fr';
const issuerId = `${publicUrl}/emetteur`;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ed = generateKeyPairSync('ed25519').privateKey;
const edJwk = ed.export({ format: 'jwk' });
const { fromJwk } = await import('@digitalbazaar/ed25519-multikey');
const multibase = (await (await fromJwk({ jwk: { kty: 'OKP', crv: 'Ed25519', x: edJwk.x } })).export({ publicKey: true }))
  .publicKeyMultibase as string;
const key: PublishedKey = {
  kid: `${issuerId}/cles/bench`,
  alg: 'EdDSA',
  form: 'data-integrity',
  publicJwk: { kty: 'OKP', crv: 'Ed25519', x: String(edJwk.x) },
  publicKeyMultibase: multibase,
};
const loader = offlineLoader(
  new Map<string, unknown>([
    [key.kid, keyDocument(key, publicUrl)],
    [issuerId, issuerProfile(publicUrl, [key])],
  ]),
);
const credential = openBadgeCredential(
  {
    code: 'KRN-7QX4-M9TB',
    kind: 'socle',
    ref: 'socle',
    title: 'Compétences numériques de base',
    holderName: 'Marie-Hélène Le Guérec',
    siteName: 'Kérourien',
    issuedAt: new Date('2026-03-01T10:00:00Z'),
    validUntil: new Date('2029-03-01T10:00:00Z'),
    skills: Array.from({ length: 24 }, (_, i) => ({
      skillId: `s${i}`,
      title: `Compétence numéro ${i}`,
      crcn: `${1 + (i % 5)}.${1 + (i % 3)}`,
      level: 'seul' as const,
      method: 'atelier',
      date: new Date('2026-02-01'),
      byName: 'Yann',
    })),
    statusIndex: 4242,
    credentialSalt: '0123456789abcdef0123456789abcdef',
  },
  publicUrl,
  () => undefined,
);

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  process.stdout.write(
    `${label.padEnd(44)} median ${at(0.5).toFixed(1).padStart(6)} ms   p95 ${at(0.95).toFixed(1).padStart(6)} ms\n`,
  );
}

const created = new Date('2026-03-01T10:00:00Z');
const signed = await signDataIntegrity(credential, { privateKey: ed, kid: key.kid, controller: issuerId }, created, loader);
process.stdout.write(`Node ${process.version}, N = ${N}\n`);
await time('.jwt: RS256 (RSA 2048) sign', () =>
  new CompactSign(Buffer.from(JSON.stringify(vcJwtPayload(credential, created))))
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .sign(rsa),
);
await time('.json: eddsa-rdfc-2022 sign', () =>
  signDataIntegrity(credential, { privateKey: ed, kid: key.kid, controller: issuerId }, created, loader),
);
await time('.json: eddsa-rdfc-2022 check (as /verifier)', async () => {
  if (!(await proofHolds(signed, loader))) throw new Error('the proof does not hold');
});
