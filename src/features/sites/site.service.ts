import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { BadInput, NotFound } from '../../platform/errors.js';
import { idOrNull, isDuplicateKey, parseId } from '../../platform/ids.js';
import { FormRefused } from '../../platform/forms.js';
import { buildingsFromLabels, parseBuildings, type Building } from './building-rules.js';
import { LOGO_MAX_BYTES } from './site-limits.js';
import { missingPlaceFields, placesCsv, toLieu, type Lieu, type PlaceSource } from './place-schema.js';
import {
  everySite,
  findLogo,
  findSiteById,
  findSiteByName,
  insertLogo,
  insertSite,
  updateSite,
  type SiteDoc,
} from './site.repository.js';

export interface SiteView {
  id: string;
  name: string;
  neighbourhood: string;
}

/** Who runs a space and issues its certificates, as a coordinator typed it. */
export interface Organisation {
  legalName: string;
  address: string;
  phone: string;
  website: string;
  signatoryName: string;
  signatoryRole: string;
}

/** Where the space is and when it opens: its row in the open-data schema of places. */
export interface Place {
  address: string;
  postalCode: string;
  commune: string;
  inseeCode: string;
  siret: string;
  openingHours: string;
}

export interface SiteDetail extends SiteView {
  demo: boolean;
  organisation: Organisation;
  logoSha256: string | null;
  place: Place;
  /** The buildings the residents' forms offer; empty: a free field. */
  buildings: Building[];
  /** The schema's required fields still missing: the site is not published until they are there. */
  missingPlaceFields: string[];
}

const EMPTY_ORGANISATION: Organisation = {
  legalName: '',
  address: '',
  phone: '',
  website: '',
  signatoryName: '',
  signatoryRole: '',
};

const toView = (s: SiteDoc): SiteView => ({ id: String(s._id), name: s.name, neighbourhood: s.neighbourhood });
const placeOf = (s: SiteDoc): Place => ({
  address: s.address ?? '',
  postalCode: s.postalCode ?? '',
  commune: s.commune ?? '',
  inseeCode: s.inseeCode ?? '',
  siret: s.siret ?? '',
  openingHours: s.openingHours ?? '',
});
const placeSourceOf = (s: SiteDoc): PlaceSource => ({
  ...placeOf(s),
  id: String(s._id),
  name: s.name,
  phone: s.organisation?.phone ?? '',
  website: s.organisation?.website ?? '',
  organisationName: s.organisation?.legalName ?? '',
  updatedAt: (s as SiteDoc & { updatedAt?: Date }).updatedAt ?? new Date(0),
});
const toDetail = (s: SiteDoc): SiteDetail => ({
  ...toView(s),
  demo: Boolean(s.demo),
  organisation: { ...EMPTY_ORGANISATION, ...pick(s.organisation ?? {}) },
  logoSha256: s.logoSha256 ?? null,
  place: placeOf(s),
  buildings: buildingsOf(s),
  missingPlaceFields: missingPlaceFields(placeSourceOf(s)),
});
const buildingsOf = (s: SiteDoc): Building[] => (s.buildings ?? []).map((b) => ({ key: b.key ?? '', label: b.label ?? '' }));
const pick = (o: Partial<Organisation>): Partial<Organisation> =>
  Object.fromEntries(Object.keys(EMPTY_ORGANISATION).map((k) => [k, o[k as keyof Organisation] ?? ''])) as Partial<Organisation>;

export async function listSites(): Promise<SiteView[]> {
  return (await everySite()).map(toView);
}

export async function findOrCreateSite(data: {
  name: string;
  neighbourhood?: string;
  address?: string;
  demo?: boolean;
}): Promise<SiteView> {
  // Found, or created by an insert that the unique index on `name` guards: the only
  // atomic write on FerretDB 1.24 (an upsert that finds the site would write it back whole).
  return withDocumentLock(documentKey('sites', `name:${data.name}`), async () => {
    const found = await findSiteByName(data.name);
    if (found) return toView(found);
    try {
      return toView(await insertSite({ neighbourhood: '', address: '', demo: false, ...data }));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return toView((await findSiteByName(data.name))!);
    }
  });
}

export async function getSite(id: string): Promise<SiteView | null> {
  const oid = idOrNull(id);
  const site = oid ? await findSiteById(oid) : null;
  return site ? toView(site) : null;
}

/** A site with its organisation; null when there is no such site. */
export async function getSiteDetail(id: string): Promise<SiteDetail | null> {
  const site = await findSiteById(parseId(id));
  return site ? toDetail(site) : null;
}

const siteKey = (id: string) => documentKey('sites', id);

/** A coordinator saves the organisation of a site (the form checked every field). */
export async function updateOrganisation(id: string, organisation: Organisation): Promise<void> {
  await withDocumentLock(siteKey(id), async () => {
    if (!(await updateSite(parseId(id), { $set: { organisation: pick(organisation) } }))) throw new NotFound();
  });
}

/** A coordinator saves where the space is and when it opens (the form checked every field). */
export async function updatePlace(id: string, place: Place): Promise<void> {
  await withDocumentLock(siteKey(id), async () => {
    if (!(await updateSite(parseId(id), { $set: { ...place } }))) throw new NotFound();
  });
}

/**
 * A coordinator saves the site's buildings, one per line (building-rules.ts checks
 * them). An empty list: the residents' forms take any building again.
 */
export async function updateBuildings(id: string, text: string): Promise<void> {
  const parsed = parseBuildings(text);
  if (!parsed.ok)
    throw new FormRefused([{ name: 'buildings', key: `sites.errors.buildings.${parsed.error}`, params: { line: parsed.line } }]);
  await withDocumentLock(siteKey(id), async () => {
    if (!(await updateSite(parseId(id), { $set: { buildings: parsed.buildings } }))) throw new NotFound();
  });
}

/** The buildings of a site (empty: none listed, or no such site). */
export async function buildingsOfSite(id: string): Promise<Building[]> {
  const oid = idOrNull(id);
  const site = oid ? await findSiteById(oid) : null;
  return site ? buildingsOf(site) : [];
}

/**
 * Fills a site's list from the buildings its households were given, when the list is
 * empty (the start-up migration): one entry per key, the first label met.
 */
export async function fillBuildingsIfEmpty(id: string, labels: readonly string[]): Promise<boolean> {
  return withDocumentLock(siteKey(id), async () => {
    const site = await findSiteById(parseId(id));
    if (!site || (site.buildings ?? []).length > 0) return false;
    const buildings = buildingsFromLabels(labels);
    if (buildings.length === 0) return false;
    return updateSite(site._id, { $set: { buildings } });
  });
}

/** Every site whose required fields are all there, as rows of the national schema of places (public). */
export async function publishedPlaces(): Promise<Lieu[]> {
  return (await everySite())
    .map(placeSourceOf)
    .filter((s) => missingPlaceFields(s).length === 0)
    .map(toLieu);
}

export async function publishedPlacesCsv(): Promise<string> {
  return placesCsv(await publishedPlaces());
}

/**
 * A new logo for a site: a PNG or JPEG by its first bytes (never by its name or the
 * type the browser claims), at most LOGO_MAX_BYTES. Stored once by its checksum.
 */
export async function setSiteLogo(id: string, data: Buffer): Promise<void> {
  if (data.length === 0) throw new BadInput('sites.errors.logoMissing');
  if (data.length > LOGO_MAX_BYTES) throw new BadInput('sites.errors.logoTooBig', { max: LOGO_MAX_BYTES / 1024 });
  const type = await fileTypeFromBuffer(data);
  if (!type || (type.mime !== 'image/png' && type.mime !== 'image/jpeg')) throw new BadInput('sites.errors.logoType');
  if (!(await getSiteDetail(id))) throw new NotFound();
  const sha = createHash('sha256').update(data).digest('hex');
  try {
    await insertLogo({ _id: sha, contentType: type.mime, data });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // the same image, stored already
  }
  await withDocumentLock(siteKey(id), () => updateSite(parseId(id), { $set: { logoSha256: sha } }));
}

/** The site prints no logo any more (certificates issued with it keep theirs). */
export async function removeSiteLogo(id: string): Promise<void> {
  await withDocumentLock(siteKey(id), () => updateSite(parseId(id), { $unset: { logoSha256: 1 } }));
}

/** A logo by its checksum, or null. */
export async function logoBySha256(sha: string): Promise<{ contentType: string; data: Buffer } | null> {
  if (!/^[a-f0-9]{64}$/.test(sha)) return null;
  const logo = await findLogo(sha);
  if (!logo) return null;
  // A lean read gives the driver's Binary, not a Buffer.
  const raw = logo.data as unknown as Buffer | { buffer: Uint8Array };
  return { contentType: logo.contentType, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
}
