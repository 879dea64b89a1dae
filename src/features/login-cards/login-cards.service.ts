/**
 * Login cards: a new one-time code for each resident account, printed with the space's
 * address and opening hours. One card from a record; the cards of a workshop's
 * attendees on shared A4 sheets. Every card issued is audited (accounts).
 */
import { issueLoginCode, type SessionUser } from '../accounts/index.js';
import { residentForReader } from '../residents/index.js';
import { getSessionAttendees } from '../sessions/index.js';
import { getSiteDetail, openingHoursInWords } from '../sites/index.js';
import { BadInput, Forbidden } from '../../platform/errors.js';
import type { CardPlace, LoginCard } from './login-card-pdf.js';

export interface CardSettings {
  validityMs: number;
  publicUrl: string;
}

async function placeOf(siteId: string, settings: CardSettings): Promise<CardPlace> {
  const site = await getSiteDetail(siteId);
  const p = site?.place;
  return {
    siteName: site?.name ?? '',
    address: p ? [p.address, [p.postalCode, p.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '',
    openingHours: p ? openingHoursInWords(p.openingHours) : '',
    firstLoginUrl: `${settings.publicUrl.replace(/\/$/, '')}/premiere-connexion`,
  };
}

/** The card of one resident of the leader's site, with a new code. */
export async function residentCard(actor: SessionUser, residentId: string, now: Date, settings: CardSettings) {
  if (actor.role !== 'leader' || !actor.siteId) throw new Forbidden();
  const r = await residentForReader(actor, residentId);
  if (r.anonymisedAt) throw new Forbidden('residents.errors.anonymised');
  if (!r.user) throw new BadInput('loginCards.errors.noAccount');
  const issued = await issueLoginCode(actor, String(r.user), now, settings.validityMs);
  const card: LoginCard = { name: `${r.firstName} ${r.lastName ?? ''}`.trim(), ...issued };
  return { cards: [card], place: await placeOf(actor.siteId, settings) };
}

/** The cards of a session's attendees who have an account, each with a new code. */
export async function sessionCards(actor: SessionUser, sessionId: string, now: Date, settings: CardSettings) {
  const { session, attendees } = await getSessionAttendees(actor, sessionId);
  const cards: LoginCard[] = [];
  for (const a of attendees.filter((x) => x.userId)) {
    const issued = await issueLoginCode(actor, a.userId!, now, settings.validityMs);
    cards.push({ name: a.name, ...issued });
  }
  if (cards.length === 0) throw new BadInput('loginCards.errors.noAttendee');
  return { cards, place: await placeOf(session.siteId, settings) };
}
