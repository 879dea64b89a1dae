/** Error pages that cannot fail: every status renders from the status and the language alone. */
import { expect } from 'chai';
import { csrfFor, newAgent } from '../helpers/http.js';

const noLeak = (text: string) => {
  expect(text).to.not.match(/\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d+/);
};

describe('error pages (HTTP, real database)', () => {
  it('404: French by default, English on request, with a reference and no cache', async () => {
    const agent = await newAgent();
    const fr = await agent.get('/nulle-part').expect(404);
    expect(fr.text)
      .to.include('<html lang="fr"')
      .and.include('Page introuvable')
      .and.match(/Référence de l’erreur\u00a0: [0-9A-F]{8}/);
    expect(fr.headers['cache-control']).to.equal('no-store');
    noLeak(fr.text);
    const en = await agent.get('/nowhere?lng=en').expect(404);
    expect(en.text)
      .to.include('<html lang="en"')
      .and.include('Page not found')
      .and.match(/Error reference: [0-9A-F]{8}/);
  });

  it('body-parser errors: too many fields (413), unknown charset (415), a too-large body (413), malformed URL (400)', async () => {
    const agent = await newAgent();
    const token = await csrfFor(agent, '/connexion');
    const many = Array.from({ length: 300 }, (_, i) => `f${i}=x`).join('&');
    const r1 = await agent
      .post('/connexion')
      .type('form')
      .send(`_csrf=${encodeURIComponent(token)}&${many}`)
      .expect(413);
    expect(r1.text).to.include('trop de champs');
    const r2 = await agent
      .post('/connexion')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-16')
      .send('username=a')
      .expect(415);
    expect(r2.text).to.include('Envoi illisible');
    const r3 = await agent
      .post('/connexion')
      .type('form')
      .send(`_csrf=${encodeURIComponent(token)}&username=${'a'.repeat(200_000)}`)
      .expect(413);
    noLeak(r3.text);
    const r4 = await agent.get('/residents/%E0%A4%A').expect((res) => expect(res.status).to.be.oneOf([400, 404]));
    noLeak(r4.text);
  });

  it('a malformed multipart body gets a 4xx page, never a 500', async () => {
    const agent = await newAgent();
    const res = await agent
      .post('/connexion')
      .set('Content-Type', 'multipart/form-data; boundary=XyZ')
      .send('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue-without-end');
    expect(res.status).to.be.within(400, 499);
    noLeak(res.text);
  });
});
