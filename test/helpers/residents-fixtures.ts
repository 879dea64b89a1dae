/** Fixtures for the support-record tests: two sites with a leader each, residents made through the forms. */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { getBinary, loggedIn, makeUser, newAgent, PASSWORD, postForm, type Agent } from './http.js';
import { pdfText } from './pdf.js';

export const SITE_A = 'Site A (test)';
export const SITE_B = 'Site B (test)';

export async function twoLeaders(): Promise<{ a: Agent; b: Agent }> {
  await makeUser('anim.a', 'leader', SITE_A);
  await makeUser('anim.b', 'leader', SITE_B);
  return { a: await loggedIn('anim.a'), b: await loggedIn('anim.b') };
}

export const RESIDENT = {
  firstName: 'Marie',
  lastName: 'Le Guérec',
  birthYear: '1956',
  phone: '02 98 00 00 00',
  email: '',
  building: 'C',
  entrance: '2',
  flat: '41',
  address: '3 rue de Kérourien, Brest',
  landlordRef: '',
};

/** Creates a resident through the form and returns their id. */
export async function createResident(agent: Agent, data: Record<string, string | string[]> = {}): Promise<string> {
  const res = await postForm(agent, '/residents/nouveau', '/residents', { ...RESIDENT, ...data }, 303);
  const m = /^\/residents\/([a-f0-9]{24})\?ok=cree$/.exec(res.headers.location ?? '');
  expect(m, `location ${res.headers.location}`).to.not.equal(null);
  return m![1]!;
}

export async function giveNotice(agent: Agent, id: string, date = '2026-01-05'): Promise<void> {
  await postForm(agent, `/residents/${id}`, `/residents/${id}/notice`, { noticeDate: date }, 303);
}

export const submission = () => randomBytes(16).toString('hex');

export const COMMON = { date: '2026-01-10', durationMinutes: '45', place: 'domicile', notes: 'RAS' };

export const ENTRY: Record<string, Record<string, string | string[]>> = {
  installation: { equipment: 'Box et imprimante', problem: 'Wi-Fi absent dans la chambre', solved: 'non' },
  ordinateur: {
    device: 'Portable Lenovo T440',
    system: 'Linux Mint 22',
    priceCents: '35,00',
    assetTag: 'KRN-0042',
    warrantyEnd: '2027-01-10',
  },
  'conseil-juridique': {
    partner: 'Opérateur X',
    subject: 'resiliation',
    outcome: 'Lettre de résiliation envoyée',
    status: 'en-cours',
  },
  aide: { themes: ['courriel', 'emploi'], autonomy: 'avec-aide', referral: 'France Travail' },
  abonnement: { status: 'souscrit', offer: 'Accès partagé 2 Mbit/s', monthlyChargeCents: '1' },
};

/** Posts a support entry of `kind` with the common fields, and `over` on top. */
export async function postEntry(agent: Agent, id: string, kind: string, over: Record<string, string | string[]>, status: number) {
  const url = `/residents/${id}/accompagnements/${kind}`;
  // The token from the list page: the entry form itself may be refused (no notice yet, an erased record).
  return postForm(agent, '/residents', url, { ...COMMON, ...ENTRY[kind], submission: submission(), ...over }, status);
}

/** An identity for the residents service, as its form would give it. */
export const identityInput = (firstName: string, lastName: string) => ({
  firstName,
  lastName,
  birthYear: null,
  phone: '',
  noPhone: true,
  email: '',
  jobSeeker: false,
  readingNeeds: [],
});

/** A login card's one-time code, as printed ("7QX4-M9TB"). */
export const LOGIN_CODE = /\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}\b/;

/**
 * A resident's account made the one way there is: "Créer son compte" on the record, then
 * the login card printed there, whose code the resident types at /premiere-connexion with
 * a password of their own. Returns the username and that password.
 */
export async function accountFromRecord(leader: Agent, recordId: string, password = PASSWORD) {
  await postForm(leader, `/residents/${recordId}`, `/residents/${recordId}/compte`, {}, 303);
  const record = (await leader.get(`/residents/${recordId}`).expect(200)).text;
  const username = /<dd><code>([a-z0-9.-]+)<\/code>/.exec(record)![1]!;
  const card = await getBinary(leader, `/residents/${recordId}/carte-de-connexion.pdf`).expect(200);
  const code = LOGIN_CODE.exec((await pdfText(card.body as Buffer)).replace(/\s+/g, ' '))![0];
  const visitor = await newAgent();
  await postForm(
    visitor,
    '/premiere-connexion',
    '/premiere-connexion',
    { username, code, next: password, confirm: password },
    303,
  );
  return { username, password };
}
