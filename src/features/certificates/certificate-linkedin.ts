/**
 * Pure: LinkedIn's "add a certification to your profile" link for a certificate, so that
 * a job-seeker shows it where recruiters look. The app only builds the address: the
 * holder opens it, signed in to LinkedIn, and nothing is sent to LinkedIn by the app.
 */
import { monthInBrest } from '../../platform/day.js';
import { ISSUER_NAME } from './credential-document.js';

/** Year and month (1 to 12) of an instant, in Brest. */
function yearMonth(d: Date): { year: string; month: string } {
  const [year, month] = monthInBrest(d).split('-') as [string, string];
  return { year, month: String(Number(month)) };
}

export function linkedInAddUrl(c: { title: string; code: string; issuedAt: Date; validUntil?: Date }, certUrl: string): string {
  const issued = yearMonth(c.issuedAt);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: `Attestation de compétences numériques : ${c.title}`,
    organizationName: ISSUER_NAME,
    issueYear: issued.year,
    issueMonth: issued.month,
  });
  if (c.validUntil) {
    const end = yearMonth(c.validUntil);
    params.set('expirationYear', end.year);
    params.set('expirationMonth', end.month);
  }
  params.set('certUrl', certUrl);
  params.set('certId', c.code);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
