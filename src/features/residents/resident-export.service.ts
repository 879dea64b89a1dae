/**
 * What the statistics' anonymous export may know of a site's residents: per resident,
 * an age (birth year), the job-seeker flag and their building; never a name, phone,
 * e-mail or flat.
 */
import { parseId } from '../../platform/ids.js';
import * as repo from './resident.repository.js';

export interface AnonymousProfile {
  birthYear: number | null;
  jobSeeker: boolean;
  /** '' when the household has no building; undefined when the resident has no household. */
  building: string | undefined;
}

/** Every resident of the site by id, with the buildings of the site (to group the small ones). */
export async function anonymousProfilesOfSite(
  siteId: string,
): Promise<{ profiles: Map<string, AnonymousProfile>; buildings: string[] }> {
  const site = parseId(siteId);
  const [residents, households] = await Promise.all([repo.residentProfilesOfSite(site), repo.buildingsOfSite(site)]);
  const building = new Map(households.map((h) => [String(h._id), h.dwelling?.building ?? '']));
  const profiles = new Map(
    residents.map((r) => [
      String(r._id),
      {
        birthYear: r.birthYear ?? null,
        jobSeeker: Boolean(r.jobSeeker),
        building: r.household ? building.get(String(r.household)) : undefined,
      },
    ]),
  );
  return { profiles, buildings: [...building.values()] };
}
