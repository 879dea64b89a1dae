/**
 * The keys the staff list reads certificates by, written with each certificate (its
 * issue, its re-issue, the start-up migrations for older ones): the month it was issued
 * in Brest, every prefix of the words of its holder's name, and its place in its site's
 * month (`listSeq`, from the month's counter) with the page of LIST_PAGE_SIZE it falls in
 * (`listBucket`). Pure.
 */
import { monthInBrest } from '../../platform/day.js';
import { prefixKeys } from '../../platform/name-keys.js';

export function certificateListKeys(c: { issuedAt: Date; holderName: string }): { issuedMonth: string; searchKeys: string[] } {
  return { issuedMonth: monthInBrest(c.issuedAt), searchKeys: prefixKeys(c.holderName) };
}

/**
 * Certificates a page of the staff list shows, and reads: one bucket. A month of a site
 * of 5,000 residents holds a hundred or more; a page reads 40 whatever the month's size.
 */
export const LIST_PAGE_SIZE = 40;

/** The `_id` of a site's month counter: how many places its certificates have taken. */
export const listCounterId = (site: string, month: string) => `${site}:${month}`;

/** The bucket of the `seq`-th certificate (from 0) of a month: "YYYY-MM:n". */
export const listBucketOf = (month: string, seq: number) => `${month}:${Math.floor(seq / LIST_PAGE_SIZE)}`;

/** The list keys of the `seq`-th certificate of its site's month. */
export const listSlot = (month: string, seq: number) => ({ listSeq: seq, listBucket: listBucketOf(month, seq) });

/** How many pages a month has whose counter stands at `taken`. */
export const listPageCount = (taken: number) => Math.ceil(Math.max(0, taken) / LIST_PAGE_SIZE);

/**
 * The bucket a page reads, newest first: page 1 is the month's last bucket (it may hold
 * fewer than a full page: the latest certificates), page 2 the one before, and so on;
 * null past the first bucket.
 */
export function listBucketOfPage(month: string, taken: number, page: number): string | null {
  const index = listPageCount(taken) - page;
  return index >= 0 ? `${month}:${index}` : null;
}
