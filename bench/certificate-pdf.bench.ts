/**
 * How long one certificate PDF takes to build, against baselines measured in the same
 * run (see certificate-pdf.ts). Prints median and p95 of each, and the ratio.
 * Usage: npx tsx bench/certificate-pdf.bench.ts [N=200]
 * Timings depend on the machine: compare ratios, and never assert timings in tests.
 */
import { measureCertificatePdf, type PdfTiming } from './certificate-pdf.js';

const N = Math.max(10, Number(process.argv[2]) || 200);
const { baseline, parsedOnce, certificate, ratio } = await measureCertificatePdf(N);
const line = (r: PdfTiming) =>
  `${r.label.padEnd(46)} median ${r.median.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms   ${(r.bytes / 1024).toFixed(1)} KB`;
process.stdout.write(`Node ${process.version}, N = ${N}\n${line(baseline)}\n${line(parsedOnce)}\n${line(certificate)}\n`);
process.stdout.write(`ratio (median certificate / median baseline): ${ratio.toFixed(1)}×\n`);
