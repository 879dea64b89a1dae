/**
 * seed:scale's generator, without a database: the data it builds for a few hundred
 * residents hangs together (households, every kind of support, progress that is the
 * fold of the attempts, validations with their history, certificates only when due),
 * and the real Mongoose schemas accept it.
 */
import path from 'node:path';
import { expect } from 'chai';
import { ROOT_DIR } from '../../src/config.js';
import { User } from '../../src/features/accounts/user.model.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { Attempt, Progress } from '../../src/features/progress/progress.model.js';
import { Household } from '../../src/features/residents/household.model.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { SUPPORT_KINDS } from '../../src/features/residents/vocabulary.js';
import { SupportEntry } from '../../src/features/residents/support-entry.model.js';
import { WorkshopSession } from '../../src/features/sessions/workshop-session.model.js';
import { ValidationEvent } from '../../src/features/validation/validation.model.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { generateChunk, loadScaleContent, planScale, type ScaleChunk, type ScaleContent } from '../../scripts/scale-data.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOW = new Date('2026-11-29T12:00:00Z');
const RESIDENTS = 600;

describe('seed:scale generator', function () {
  let content: ScaleContent;
  let all: ScaleChunk;

  before(async function () {
    content = await loadScaleContent(path.join(ROOT_DIR, 'content'));
    const plan = planScale({ residents: RESIDENTS, attemptsPerResident: 100, seed: 7, now: NOW, passwordHash: 'hash' });
    const chunks = plan.chunks.map((c) => generateChunk(plan, content, c.index));
    all = Object.fromEntries(
      (Object.keys(chunks[0]!) as (keyof ScaleChunk)[]).map((k) => [k, chunks.flatMap((c) => c[k])]),
    ) as unknown as ScaleChunk;
  });

  it('makes N residents in households of about 2.5 people, each dwelling once per site', function () {
    expect(all.residents).to.have.length(RESIDENTS);
    const mean = RESIDENTS / all.households.length;
    expect(mean).to.be.within(2.2, 2.8);
    const keys = all.households.map((h: Doc) => `${h.site}|${h.key}`);
    expect(new Set(keys).size).to.equal(keys.length);
    const households = new Set(all.households.map((h: Doc) => String(h._id)));
    expect(all.residents.every((r: Doc) => households.has(String(r.household)))).to.equal(true);
  });

  it('has support entries of every kind over three years, about ten per resident', function () {
    const kinds = new Set(all.supportEntries.map((e: Doc) => e.kind));
    expect([...kinds].sort()).to.deep.equal([...SUPPORT_KINDS].sort());
    expect(all.supportEntries.length / RESIDENTS).to.be.within(6, 14);
    const oldest = Math.min(...all.supportEntries.map((e: Doc) => e.date.getTime()));
    expect(NOW.getTime() - oldest).to.be.greaterThan(2.5 * 365 * 86_400_000);
    expect(all.supportEntries.every((e: Doc) => e.date <= NOW)).to.equal(true);
  });

  it('keeps each household’s subscription at the state of its latest subscription entry', function () {
    const byResident = new Map<string, Doc[]>();
    for (const e of all.supportEntries.filter((x: Doc) => x.kind === 'abonnement')) {
      byResident.set(String(e.resident), [...(byResident.get(String(e.resident)) ?? []), e]);
    }
    const householdOf = new Map(all.residents.map((r: Doc) => [String(r._id), String(r.household)]));
    const households = new Map(all.households.map((h: Doc) => [String(h._id), h]));
    let checked = 0;
    for (const [resident, entries] of byResident) {
      const latest = entries.sort((a, b) => a.date - b.date).at(-1)!;
      expect(households.get(householdOf.get(resident)!)!.subscription.status).to.equal(latest.details.status);
      checked++;
    }
    expect(checked).to.be.greaterThan(50);
  });

  it('has about 100 attempts per resident, and each progress document is the fold of its attempts', function () {
    expect(all.attempts.length / RESIDENTS).to.be.within(80, 120);
    const exercises = new Map(content.modules.flatMap((m) => m.exercises.map((e) => [e.id, e])));
    const byUser = new Map<string, Doc[]>();
    for (const a of all.attempts) byUser.set(String(a.user), [...(byUser.get(String(a.user)) ?? []), a]);
    expect(all.progress.length).to.equal(byUser.size);
    for (const p of all.progress) {
      const attempts = byUser.get(String(p._id))!;
      const total = Object.values(p.exercises as Record<string, Doc>).reduce((n, e) => n + e.attempts, 0);
      expect(total).to.equal(attempts.length);
      for (const [id, e] of Object.entries(p.exercises as Record<string, Doc>)) {
        const mine = attempts.filter((a) => a.exercise === id);
        expect(exercises.has(id), id).to.equal(true);
        expect(e.attempts).to.equal(mine.length);
        expect(e.bestScore).to.equal(Math.max(...mine.map((a) => a.score)));
        expect(e.solved).to.equal(mine.some((a) => a.correct));
        expect(e.lastSubmission).to.equal(mine.at(-1)!.submission);
      }
      const skillAttempts = Object.values(p.skills as Record<string, Doc>).reduce((n, s) => n + (s.attempts ?? 0), 0);
      expect(skillAttempts).to.equal(attempts.length);
    }
  });

  it('keeps a validation in progress exactly when the skill’s latest event is a validation', function () {
    const latest = new Map<string, Doc>();
    for (const e of [...all.validationEvents].sort((a: Doc, b: Doc) => a.at - b.at)) latest.set(`${e.user}:${e.skill}`, e);
    expect(all.validationEvents.some((e: Doc) => e.kind === 'retrait')).to.equal(true);
    const progress = new Map(all.progress.map((p: Doc) => [String(p._id), p]));
    for (const [key, e] of latest) {
      const [user, skill] = key.split(':') as [string, string];
      const v = progress.get(user)?.skills?.[skill]?.validation;
      if (e.kind === 'validation') expect(v?.level, key).to.equal(e.level);
      else expect(v, key).to.equal(undefined);
    }
  });

  it('issues certificates only for fully validated modules, with unique codes', function () {
    expect(all.certificates.length).to.be.greaterThan(0);
    const progress = new Map(all.progress.map((p: Doc) => [String(p._id), p]));
    for (const c of all.certificates) {
      const skills = c.ref === 'socle' ? content.socle!.skills : content.modules.find((m) => m.id === c.ref)!.skills;
      const validated = progress.get(String(c.user))!.skills;
      for (const s of skills) expect(validated[s.id]?.validation, `${c.ref} ${s.id}`).to.not.equal(undefined);
      expect(c.skills).to.have.length(skills.length);
    }
    expect(new Set(all.certificates.map((c: Doc) => c.code)).size).to.equal(all.certificates.length);
    expect(new Set(all.certificates.map((c: Doc) => c.activeKey)).size).to.equal(all.certificates.length);
  });

  it('spreads the certificates over the months as issuing does, not into the last one', function () {
    // Before the fix, the last month held 44 % of them (each issue dated at the learner's latest answer).
    const last = all.certificates.filter((c: Doc) => c.issuedMonth === '2026-11').length;
    expect(last / all.certificates.length).to.be.below(0.1);
    const months = new Set(all.certificates.map((c: Doc) => c.issuedMonth));
    expect(months.size).to.be.greaterThan(24);
    expect(all.certificates.every((c: Doc) => c.issuedAt < NOW)).to.equal(true);
  });

  it('links accounts and records both ways, and sessions to residents of their site', function () {
    const residents = new Map(all.residents.map((r: Doc) => [String(r._id), r]));
    for (const u of all.users) expect(String(residents.get(String(u.resident))!.user)).to.equal(String(u._id));
    for (const s of all.sessions as Doc[]) {
      for (const a of s.attendees) expect(String(residents.get(String(a))!.site)).to.equal(String(s.site));
    }
    expect(all.auditEvents.length / RESIDENTS).to.be.within(5, 15);
  });

  it('builds documents that the real schemas accept', async function () {
    const models = {
      households: Household,
      residents: Resident,
      users: User,
      supportEntries: SupportEntry,
      sessions: WorkshopSession,
      attempts: Attempt,
      progress: Progress,
      validationEvents: ValidationEvent,
      certificates: Certificate,
      auditEvents: AuditEvent,
    } as const;
    for (const [key, model] of Object.entries(models)) {
      const docs = all[key as keyof ScaleChunk].slice(0, 30);
      // Every kind is generated: an empty list would check nothing.
      expect(docs, key).to.have.length.greaterThan(0);
      // validate() rejects a document the schema refuses, which fails the test.
      for (const doc of docs) {
        await new (model as unknown as new (d: Doc) => { validate(): Promise<void> })(doc).validate();
      }
    }
  });
});
