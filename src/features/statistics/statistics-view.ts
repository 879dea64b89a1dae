/** The page's charts, from the figures: titles and descriptions in the reader's language. */
import type { TFunction } from 'i18next';
import { formatShortMonth } from '../../platform/day.js';
import type { ViewFormat } from '../../platform/view-format.js';
import type { Figures } from './statistics-rules.js';
import type { StatsScope } from './statistics.service.js';
import { columnChart, shareChart } from './svg-chart.js';

export function chartsOf(f: Figures, scope: StatsScope, t: TFunction, fmt: ViewFormat, lang: 'fr' | 'en') {
  const monthLabel = (m: string) => formatShortMonth(m, lang);
  const pct = (r: number | null) => fmt.percent(r);
  const rows =
    f.buildings ?? f.sites.map((s) => ({ label: s.name, households: s.households, connected: s.connected, rate: s.rate }));
  const byBuilding = Boolean(f.buildings);
  const where = scope.site ? scope.site.name : t('statistics.allSites');
  return {
    connection: shareChart({
      id: 'graphique-connexion',
      title: t(byBuilding ? 'statistics.charts.connectionByBuilding' : 'statistics.charts.connectionBySite', { where }),
      desc: rows
        .map((b) => `${b.label ?? t('statistics.otherBuildings')} : ${pct(b.rate)} (${b.connected} / ${b.households})`)
        .join(' ; '),
      bars: rows.map((b) => ({ label: b.label ?? t('statistics.otherBuildings'), value: b.rate ?? 0, text: pct(b.rate) })),
    }),
    support: columnChart({
      id: 'graphique-accompagnements',
      title: t('statistics.charts.supportByMonth', { where }),
      desc: f.months.map((m) => `${fmt.month(m.month)} : ${m.entriesTotal}`).join(' ; '),
      bars: f.months.map((m) => ({ label: monthLabel(m.month), value: m.entriesTotal, text: String(m.entriesTotal) })),
    }),
    subscriptions: columnChart({
      id: 'graphique-abonnements',
      title: t('statistics.charts.connectedByMonth', { where }),
      desc: f.months.map((m) => `${fmt.month(m.month)} : ${m.connectedAtEnd ?? '–'}`).join(' ; '),
      bars: f.months.map((m) => ({
        label: monthLabel(m.month),
        value: m.connectedAtEnd ?? 0,
        text: m.connectedAtEnd === null ? '' : String(m.connectedAtEnd),
      })),
    }),
  };
}

/** "2026", "2026-T1", "2026-03" in words. */
export function periodLabel(value: string, t: TFunction, fmt: ViewFormat): string {
  if (/^\d{4}$/.test(value)) return t('statistics.periodKinds.annee', { value });
  const q = /^(\d{4})-T([1-4])$/.exec(value);
  if (q) return t('statistics.periodKinds.trimestre', { q: q[2], year: q[1] });
  if (/^\d{4}-\d{2}$/.test(value)) return fmt.month(value);
  return value;
}
