import { expect } from 'chai';
import {
  COOP_COLUMNS,
  COOP_LABELS,
  entryRow,
  mediatorCells,
  participantCounts,
  sessionRows,
  THEMATIQUE_OF_MODULE,
  THEMATIQUE_OF_THEME,
  trancheAge,
} from '../../src/features/statistics/coop-export.js';
import { writeXlsx } from '../../src/platform/xlsx.js';
import { readSheet, serialToDay } from '../helpers/xlsx-reader.js';
import { readdirSync, statSync } from 'node:fs';

const SITE = { name: 'Kérourien', address: '1 rue de Kérourien', commune: 'Brest', postalCode: '29200', inseeCode: '29019' };
const col = (row: unknown[], name: (typeof COOP_COLUMNS)[number]) => row[COOP_COLUMNS.indexOf(name)];
const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('activities in the format of La Coop de la médiation numérique (pure)', () => {
  it('maps every theme and every workshop module to one of La Coop’s thématiques', () => {
    for (const t of Object.values(THEMATIQUE_OF_THEME)) if (t) expect(COOP_LABELS.thematique).to.have.property(t);
    const modules = readdirSync('content').filter((f) => statSync(`content/${f}`).isDirectory());
    expect(Object.keys(THEMATIQUE_OF_MODULE).sort()).to.deep.equal(modules.sort());
  });

  it('writes individual help as La Coop’s individual accompaniment', () => {
    const row = entryRow(
      {
        id: 'e1',
        recordedAt: new Date('2026-03-05T13:30:00Z'),
        kind: 'aide',
        date: day('2026-03-05'),
        durationMinutes: 45,
        place: 'espace',
        themes: ['courriel', 'demarches', 'autre'],
        autonomy: 'avec-aide',
        referral: true,
        referralType: 'aide_sociale',
        beneficiary: { birthYear: 1954, jobSeeker: false },
        mediator: 'Yann Le Gall',
      },
      SITE,
    );
    expect(row).to.have.length(COOP_COLUMNS.length);
    expect(col(row, 'Date')).to.deep.equal(day('2026-03-05'));
    expect(col(row, 'Enregistré le')).to.equal('05/03/2026 à 14:30');
    expect(col(row, 'Type')).to.equal('Accompagnement individuel');
    expect(col(row, 'Participants')).to.equal(1);
    expect(col(row, 'Canaux d’accompagnement')).to.equal('Lieu d’activité');
    expect(col(row, 'Nom du lieu')).to.equal('Kérourien');
    expect(col(row, 'Code Insee')).to.equal('29019');
    expect(col(row, 'Durée (min)')).to.equal(45);
    expect(col(row, 'Matériel numérique utilisé')).to.equal('Ordinateur');
    expect(col(row, 'Thématique(s) d’accompagnement')).to.equal('E-mail\nAide aux démarches administratives');
    expect(col(row, 'Niveau d’autonomie (ou de l’atelier)')).to.equal('2/3');
    expect(col(row, 'Bénéficiaire réorienté')).to.equal('Oui');
    expect(col(row, 'Structure de redirection')).to.equal('Structure d’aide sociale (maison des solidarités, centre social…)');
    expect(col(row, 'Tranche d’âge du bénéficiaire')).to.equal('70 ans et plus');
    expect(col(row, 'Statut du bénéficiaire')).to.equal('Non communiqué ou hétérogène');
    expect(col(row, 'Genre du bénéficiaire')).to.equal('Non communiqué');
    expect(col(row, 'ID CRA')).to.equal('e1');
    expect(col(row, 'Prénom du médiateur')).to.equal('Yann');
    expect(col(row, 'Nom du médiateur')).to.equal('Le Gall');
  });

  it('writes a home installation at home, with its kind’s theme and device', () => {
    const row = entryRow(
      {
        id: 'e2',
        recordedAt: new Date(),
        kind: 'installation',
        date: day('2026-03-06'),
        durationMinutes: 60,
        place: 'domicile',
        themes: [],
      },
      SITE,
    );
    expect(col(row, 'Canaux d’accompagnement')).to.equal('À domicile');
    expect(col(row, 'Nom du lieu')).to.equal('');
    expect(col(row, 'Commune')).to.equal('Brest');
    expect(col(row, 'Thématique(s) d’accompagnement')).to.equal('Maintenance de matériel');
    expect(col(row, 'Matériel numérique utilisé')).to.equal('Autre');
    expect(col(row, 'Bénéficiaire réorienté')).to.equal('');
    expect(col(row, 'Tranche d’âge du bénéficiaire')).to.equal('Non communiqué');
  });

  it('writes a workshop as one row per participant, "1/3", with counts of the anonymous participants', () => {
    const attendees = [{ birthYear: 1990, jobSeeker: true }, { birthYear: 1960, jobSeeker: false }, undefined];
    const rows = sessionRows(
      {
        id: 's1',
        recordedAt: new Date(),
        date: day('2026-03-10'),
        durationMinutes: 90,
        moduleId: 'boite-mail',
        moduleTitle: 'Ma boîte mail',
        attendees,
        mediator: 'Animatrice',
      },
      SITE,
    );
    expect(rows.map((r) => col(r, 'Participants'))).to.deep.equal(['1/3', '2/3', '3/3']);
    expect(col(rows[0]!, 'Type')).to.equal('Atelier collectif');
    // A one-word display name is the mediator's name; an entry without one leaves both empty.
    expect([col(rows[2]!, 'Prénom du médiateur'), col(rows[2]!, 'Nom du médiateur')]).to.deep.equal(['', 'Animatrice']);
    expect(mediatorCells(undefined)).to.deep.equal(['', '']);
    expect(mediatorCells('  Anne-Marie   Le Bris ')).to.deep.equal(['Anne-Marie', 'Le Bris']);
    expect(col(rows[0]!, 'Nom de l’atelier')).to.equal('Ma boîte mail');
    expect(col(rows[0]!, 'Thématique(s) d’accompagnement')).to.equal('E-mail');
    expect(col(rows[0]!, 'Statut du bénéficiaire')).to.equal('Sans emploi');
    expect(col(rows[1]!, 'Tranche d’âge du bénéficiaire')).to.equal('60 - 69 ans');
    expect(participantCounts(attendees, day('2026-03-10'))).to.deep.equal({
      genre: { NonCommunique: 3 },
      trancheAge: { VingtCinqTrenteNeuf: 1, SoixanteSoixanteNeuf: 1, NonCommunique: 1 },
      statutSocial: { SansEmploi: 1, NonCommunique: 2 },
    });
    expect(trancheAge(2010, day('2026-01-01'))).to.equal('DouzeDixHuit');
  });

  it('writes an XLSX file that reads back with its columns, texts, numbers and dates', () => {
    const xlsx = writeXlsx('Activités', [[...COOP_COLUMNS], ['=1+1 & <b>', 45, day('2026-03-05'), null, 'deux\nlignes']]);
    const [head, row] = readSheet(xlsx);
    expect(head!.map((c) => c.value)).to.deep.equal([...COOP_COLUMNS]);
    expect(row![0]).to.deep.equal({ value: '=1+1 & <b>', date: false });
    expect(row![1]).to.deep.equal({ value: 45, date: false });
    expect(row![2]!.date).to.equal(true);
    expect(serialToDay(row![2]!.value as number)).to.equal('2026-03-05');
    expect(row![4]!.value).to.equal('deux\nlignes');
  });
});
