/**
 * How long one certificate PDF takes to build, against a baseline measured in the same
 * run: a one-line A4 PDF with the same embedded font. Prints median and p95 of each,
 * and the ratio. Usage: npx tsx bench/certificate-pdf.bench.ts [N=200]
 * Timings depend on the machine: compare ratios, and never assert timings in tests.
 */
import { performance } from 'node:perf_hooks';
import { renderCertificatePdf, renderTrivialPdf, type CertificatePdfData } from '../src/features/certificates/certificate-pdf.js';

const N = Math.max(10, Number(process.argv[2]) || 200);

const data = (i: number): CertificatePdfData => ({
  code: 'KRN-7QX4-M9TB',
  kind: 'socle',
  title: 'Compétences numériques de base',
  holderName: `Marie-Hélène Le Guérec ${i}`,
  siteName: 'Kérourien (démo)',
  leaderName: 'Yann Animateur (démo)',
  issuedAt: new Date('2026-03-01T10:00:00Z'),
  // The socle's 15 skills: the largest certificate the content makes today.
  skills: Array.from({ length: 15 }, (_, k) => ({
    title: `Compétence numéro ${k + 1} : envoyer une pièce jointe à l’employeur`,
    level: k % 2 ? ('seul' as const) : ('avec-aide' as const),
    date: new Date('2026-02-20T12:00:00Z'),
  })),
  status: 'valid',
  verifyUrl: 'https://competences.example.fr/verifier/KRN-7QX4-M9TB',
});

async function measure(label: string, run: (i: number) => Promise<Buffer>) {
  for (let i = 0; i < 10; i++) await run(i); // warm-up: fonts read, JIT
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    bytes = (await run(i)).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { label, median: pick(0.5), p95: pick(0.95), bytes };
}

const baseline = await measure('baseline: one-line A4 PDF, same font', (i) => renderTrivialPdf(`Bonjour ${i}`));
const certificate = await measure('certificate: A4, 15 skills, QR code, tagged', (i) => renderCertificatePdf(data(i)));
const line = (r: Awaited<ReturnType<typeof measure>>) =>
  `${r.label.padEnd(46)} median ${r.median.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms   ${(r.bytes / 1024).toFixed(1)} KB`;
process.stdout.write(`Node ${process.version}, N = ${N}\n${line(baseline)}\n${line(certificate)}\n`);
process.stdout.write(`ratio (median certificate / median baseline): ${(certificate.median / baseline.median).toFixed(1)}×\n`);
