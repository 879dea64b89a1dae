/**
 * The keys the staff list reads certificates by, written with each certificate (its
 * issue, its re-issue, the start-up migration for older ones): the month it was issued
 * in Brest, and every prefix of the words of its holder's name. Pure.
 */
import { monthInBrest } from '../../platform/day.js';
import { prefixKeys } from '../../platform/name-keys.js';

export function certificateListKeys(c: { issuedAt: Date; holderName: string }): { issuedMonth: string; searchKeys: string[] } {
  return { issuedMonth: monthInBrest(c.issuedAt), searchKeys: prefixKeys(c.holderName) };
}
