/** The identity and dwelling forms of a resident record, parsed at the edge. */
import { z } from 'zod';
import { text } from '../../platform/forms.js';
import { checkbox, dateField, multiChoice, optionalText, optionalWholeNumber } from '../../platform/form-fields.js';
import { READING_NEEDS } from './vocabulary.js';
import { LIST_FILTERS } from './resident-rules.js';
import { letterField, pageField, searchField } from '../../platform/paging.js';

export const identityFields = {
  firstName: text(60),
  lastName: optionalText(60),
  birthYear: optionalWholeNumber(1900, new Date().getUTCFullYear()),
  phone: optionalText(30).refine((s) => s === '' || /^[0-9 +.()-]{6,30}$/.test(s), 'residents.errors.phone'),
  noPhone: checkbox,
  email: optionalText(200).refine((s) => s === '' || z.email().safeParse(s).success, 'residents.errors.email'),
  jobSeeker: checkbox,
  readingNeeds: multiChoice(READING_NEEDS),
};

export const dwellingFields = {
  building: text(40),
  entrance: optionalText(20),
  flat: text(20),
  address: optionalText(200),
  landlordRef: optionalText(40),
};

export const identityForm = z.object(identityFields);
export const dwellingForm = z.object(dwellingFields);
export const newResidentForm = z.object({ ...identityFields, ...dwellingFields });
export const noticeForm = z.object({ noticeDate: dateField({ future: 'refuse' }) });

/** The list's query string. A bad page number, letter or a too long search answers a 400 page. */
export const listQuery = z.object({
  q: searchField(80),
  filtre: z
    .enum(LIST_FILTERS)
    .optional()
    .catch(undefined)
    .transform((f) => f ?? 'tous'),
  lettre: letterField,
  page: pageField,
});
