import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';
import { dailyBackupName, dailyFilesToRemove, manualBackupName } from '../../src/platform/backup.js';

describe('backups: file names, what the daily job prunes, and its settings', () => {
  it('names one daily file per day and a hand-made one by the second', () => {
    const now = new Date('2026-11-29T23:05:12.345Z');
    expect(dailyBackupName(now)).to.equal('kerourien-daily-2026-11-29.jsonl.gz');
    expect(manualBackupName(now)).to.equal('kerourien-2026-11-29T23-05-12Z.jsonl.gz');
  });

  it('removes the oldest daily files beyond the number kept, and nothing else', () => {
    const names = [
      'kerourien-daily-2026-11-27.jsonl.gz',
      'kerourien-daily-2026-11-29.jsonl.gz',
      'kerourien-daily-2026-11-28.jsonl.gz',
      'kerourien-daily-2026-11-26.jsonl.gz',
      'kerourien-2020-01-01T10-00-00Z.jsonl.gz',
      'kerourien-daily-2026-11-30.jsonl.gz.partial-123',
      'notes.txt',
    ];
    expect(dailyFilesToRemove(names, 2)).to.deep.equal([
      'kerourien-daily-2026-11-26.jsonl.gz',
      'kerourien-daily-2026-11-27.jsonl.gz',
    ]);
    expect(dailyFilesToRemove(names, 14)).to.deep.equal([]);
  });

  it('reads the backup interval with its unit and the number kept, and refuses wrong values', () => {
    const base = { DATA_DIR: 'data', SESSION_SECRET: 'x'.repeat(32) };
    const defaults = loadConfig(base);
    expect([defaults.BACKUP_INTERVAL, defaults.BACKUPS_KEPT]).to.deep.equal([3_600_000, 14]);
    const short = loadConfig({ ...base, BACKUP_INTERVAL: '300ms', BACKUPS_KEPT: '3' });
    expect([short.BACKUP_INTERVAL, short.BACKUPS_KEPT]).to.deep.equal([300, 3]);
    expect(() => loadConfig({ ...base, BACKUP_INTERVAL: 'hourly' })).to.throw(ConfigError, /BACKUP_INTERVAL/);
    // A bare number is seconds, with a warning (see the config tests).
    expect(loadConfig({ ...base, BACKUP_INTERVAL: '3600' }).BACKUP_INTERVAL).to.equal(3_600_000);
    expect(() => loadConfig({ ...base, BACKUPS_KEPT: '0' })).to.throw(ConfigError, /BACKUPS_KEPT/);
    expect(() => loadConfig({ ...base, BACKUPS_KEPT: 'many' })).to.throw(ConfigError, /BACKUPS_KEPT/);
  });
});
