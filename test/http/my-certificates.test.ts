/**
 * A job-seeker's /mes-certificats: the way to the core certificate ("socle") with the
 * skills still missing, what to show an employer, the signed files as a secondary link.
 */
import { expect } from 'chai';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { rules } from '../../src/features/certificates/certificate-settings.js';
import { aLeader, aResident, MODULE, validatedModule } from '../helpers/certificate-builders.js';
import { csrfOf, loggedIn, newAgent, PASSWORD } from '../helpers/http.js';
import { clearDatabase, getApp, testConfig } from '../helpers/test-env.js';

describe('a job-seeker’s certificates page (HTTP, real database)', function () {
  this.timeout(60_000);

  it('names the core certificate, counts its skills, lists what is missing, and says what to give an employer', async () => {
    await clearDatabase();
    await getApp();
    const leader = await aLeader();
    const karim = await aResident('karim.test', 'Karim Benali');
    await validatedModule(karim.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, karim.id, MODULE, new Date());
    const agent = await loggedIn('karim.test', PASSWORD);
    const page = (await agent.get('/mes-certificats').expect(200)).text;

    const socle = rules().find((r) => r.kind === 'socle')!;
    expect(socle.title).to.equal('Compétences numériques de base');
    const core = page.split('id="socle"')[1]!.split('</section>')[0]!;
    expect(core).to.include('Compétences numériques de base');
    const done = socle.skills.filter((s) => s.id.startsWith('ord-')).length;
    expect(done).to.be.greaterThan(0);
    expect(core).to.include(`${done} compétences validées sur ${socle.skills.length}`);
    expect(core).to.include(`Il vous manque ${socle.skills.length - done} compétences`);
    const missing = socle.skills.find((s) => !s.id.startsWith('ord-'))!;
    const html = (s: string) => s.replace(/'/g, '&#39;');
    expect(core).to.include(html(missing.title));
    expect(core).to.not.include(html(socle.skills.find((s) => s.id.startsWith('ord-'))!.title));

    expect(page).to.include('Montrez ce code et cette adresse à l’employeur');
    expect(page).to.include(certificate.code).and.include(`${testConfig().PUBLIC_URL}/verifier/${certificate.code}`);
    // The signed files: a secondary link under a summary that says what they are for.
    const signed = page.split('class="signed-files"')[1]!.split('</details>')[0]!;
    expect(signed).to.include(`/certificats/${certificate.id}.json`).and.include('logiciel de recrutement');
    expect(page).to.not.match(/class="button[^"]*" href="\/certificats\/[a-f0-9]{24}\.json"/);
  });

  it('shows the employer what the PDF shows, and confirms the holder’s last name with yes or no only', async () => {
    await clearDatabase();
    await getApp();
    const leader = await aLeader();
    const karim = await aResident('karim.test', 'Karim Benali');
    await validatedModule(karim.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, karim.id, MODULE, new Date());
    const employer = await newAgent();
    const page = await employer.get(`/verifier/${certificate.code}`).expect(200);
    expect(page.text).to.include('Cette attestation est valable');
    expect(page.text).to.include('vu pendant un atelier').and.include('sans aide');
    expect(page.text).to.include('Ce n’est pas une certification professionnelle');
    expect(page.text).to.include('Karim B.').and.not.include('Benali');

    const ask = (nom: string) =>
      employer
        .post(`/verifier/${certificate.code}/nom`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), nom });
    const yes = await ask('  benali ').expect(200);
    expect(yes.text).to.include('Oui').and.include('ce nom est bien celui de la personne').and.not.include('Benali');
    const no = await ask('Dupont').expect(200);
    expect(no.text).to.include('Non').and.include('ce n’est pas le nom').and.not.include('Dupont').and.not.include('Benali');
    const empty = await ask('').expect(422);
    expect(empty.text).to.include('Nom de famille');
  });

  it('says “annulée” for a withdrawn certificate, on the check and on the holder’s page', async () => {
    await clearDatabase();
    await getApp();
    const leader = await aLeader();
    const karim = await aResident('karim.test', 'Karim Benali');
    await validatedModule(karim.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, karim.id, MODULE, new Date());
    const detail = await leader.agent.get(`/certificats/${certificate.id}`).expect(200);
    await leader.agent
      .post(`/certificats/${certificate.id}/revocation`)
      .type('form')
      .send({ _csrf: csrfOf(detail.text), reason: 'Erreur de nom' })
      .expect(303);
    const check = await (await newAgent()).get(`/verifier/${certificate.code}`).expect(200);
    expect(check.text)
      .to.include('a été annulée le')
      .and.not.match(/révoqu/i);
    const mine = await (await loggedIn('karim.test', PASSWORD)).get('/mes-certificats').expect(200);
    expect(mine.text)
      .to.include('Annulée le')
      .and.not.match(/révoqu/i);
  });

  it('finds certificates by the holder’s name at /certificats?q=, by code too, only in the leader’s own site', async () => {
    await clearDatabase();
    await getApp();
    const leader = await aLeader();
    const karim = await aResident('karim.test', 'Karim Benali');
    await validatedModule(karim.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, karim.id, MODULE, new Date());
    for (const q of ['benali', 'Karim', 'BÉNALI karim']) {
      const res = await leader.agent.get(`/certificats?q=${encodeURIComponent(q)}`).expect(200);
      const found = res.text.split('id="trouvees"')[1]!.split('</section>')[0]!;
      expect(found, q).to.include('1 attestation pour').and.include(`/certificats/${certificate.id}`);
    }
    const none = await leader.agent.get('/certificats?q=Dupont').expect(200);
    expect(none.text).to.include('Aucune attestation pour').and.not.include('Le formulaire contient une erreur');
    const byCode = await leader.agent.get(`/certificats?q=${certificate.code.toLowerCase()}`).expect(303);
    expect(byCode.headers.location).to.equal(`/certificats/${certificate.id}`);
    const other = await aLeader('anim.autre', 'Autre site');
    const elsewhere = await other.agent.get('/certificats?q=benali').expect(200);
    expect(elsewhere.text).to.include('Aucune attestation pour').and.not.include(certificate.id);
  });
});
