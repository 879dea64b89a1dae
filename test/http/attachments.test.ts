import { expect } from 'chai';
import mongoose from 'mongoose';
import { clearDatabase } from '../helpers/test-env.js';
import { csrfFor, type Agent } from '../helpers/http.js';
import { createResident, twoLeaders } from '../helpers/residents-fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

async function stored(): Promise<{ files: number; chunks: number }> {
  const db = mongoose.connection.db!;
  return {
    files: await db.collection('attachments.files').countDocuments(),
    chunks: await db.collection('attachments.chunks').countDocuments(),
  };
}

async function upload(agent: Agent, id: string, files: [Buffer, string][], opts: { token?: string | null; label?: string } = {}) {
  const token = opts.token === undefined ? await csrfFor(agent, `/residents/${id}`) : opts.token;
  let req = agent.post(`/residents/${id}/pieces`);
  if (token !== null) req = req.field('_csrf', token);
  req = req.field('label', opts.label ?? 'photo');
  for (const [buf, name] of files) req = req.attach('fichiers', buf, name);
  return req;
}

describe('residents: attachments (multer, magic bytes, GridFS)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('stores a PDF and a PNG under random names and serves them as downloads to the site’s staff only', async () => {
    const { a, b } = await twoLeaders();
    const id = await createResident(a);
    const res = await upload(a, id, [
      [PDF, 'contrat opérateur.pdf'],
      [PNG, 'box.png'],
    ]);
    expect(res.status).to.equal(303);
    expect(await stored()).to.include({ files: 2 });
    const names = (await mongoose.connection.db!.collection('attachments.files').find().toArray()).map(
      (f) => f.filename as string,
    );
    for (const n of names) expect(n).to.match(/^[a-f0-9]{32}$/);
    const page = await a.get(`/residents/${id}`).expect(200);
    const links = [...page.text.matchAll(new RegExp(`/residents/${id}/pieces/([a-f0-9]{24})`, 'g'))].map((m) => m[0]);
    expect(links).to.have.length(2);
    expect(page.text).to.include('contrat-operateur.pdf');
    for (const link of links) {
      const file = await a.get(link).buffer(true).expect(200);
      expect(file.headers['content-disposition']).to.match(/^attachment; filename="[A-Za-z0-9._-]+"$/);
      expect(file.headers['x-content-type-options']).to.equal('nosniff');
      expect(['application/pdf', 'image/png']).to.include(file.headers['content-type']);
      const other = await b.get(link);
      expect([403, 404]).to.include(other.status);
    }
    // Another site's leader cannot upload to this record either.
    const cross = await upload(b, id, [[PDF, 'x.pdf']], { token: await csrfFor(b, '/residents') });
    expect([403, 404]).to.include(cross.status);
    expect(await stored()).to.include({ files: 2 });
  });

  const refusals: [string, [Buffer, string][], number, string][] = [
    ['a renamed Linux executable', [[ELF, 'photo.jpg']], 422, 'Le fichier «\u00a0photo.jpg\u00a0» est refusé'],
    ['a renamed Windows executable', [[EXE, 'contrat.pdf']], 422, 'Le fichier «\u00a0contrat.pdf\u00a0» est refusé'],
    ['an SVG picture', [[SVG, 'dessin.svg']], 422, 'Seuls les PDF et les photos JPEG, PNG ou WebP sont acceptés'],
    [
      'a good file with a bad one',
      [
        [PDF, 'ok.pdf'],
        [SVG, 'dessin.png'],
      ],
      422,
      'Le fichier «\u00a0dessin.png\u00a0» est refusé',
    ],
    ['an oversized file', [[Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), 'gros.pdf']], 413, 'La limite est de 5 Mo'],
    [
      'too many files',
      [
        [PDF, '1.pdf'],
        [PDF, '2.pdf'],
        [PDF, '3.pdf'],
        [PDF, '4.pdf'],
      ],
      400,
      'Envoyez au plus 3 fichiers',
    ],
  ];
  for (const [what, files, status, message] of refusals) {
    it(`refuses ${what} with a clear message and stores nothing`, async () => {
      const { a } = await twoLeaders();
      const id = await createResident(a);
      const res = await upload(a, id, files);
      expect(res.status).to.equal(status);
      expect(res.text).to.include(message).and.include('Rien n’a été enregistré');
      expect(await stored()).to.deep.equal({ files: 0, chunks: 0 });
    });
  }

  it('checks the CSRF token of a multipart form after multer, and refuses an empty upload', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const none = await upload(a, id, [[PDF, 'a.pdf']], { token: null });
    expect(none.status).to.equal(403);
    const wrong = await upload(a, id, [[PDF, 'a.pdf']], { token: 'faux' });
    expect(wrong.status).to.equal(403);
    expect(await stored()).to.deep.equal({ files: 0, chunks: 0 });
    const empty = await upload(a, id, []);
    expect(empty.status).to.equal(422);
    expect(empty.text).to.include('Choisissez au moins un fichier');
    // Other routes take no multipart body at all (415), so no token can slip past the check.
    const elsewhere = await a.post(`/residents/${id}/notice`).field('noticeDate', '2026-01-01');
    expect(elsewhere.status).to.equal(415);
  });
});
