// Issue 24, languages in the browser: a questionnaire in Arabic reads right to left with its layout
// mirrored (measured: radio buttons right of their labels, the buttons' order reversed, headings on
// the right); German and Finnish compounds of 60 to 80 letters wrap on a 320 px phone on the question,
// review and thank-you pages without sideways scroll; axe-core (WCAG 2.1 A and AA) on pages in five
// languages, Arabic included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, axeViolations, describeViolations } from './lib/harness.mjs';

// Long words as they occur: a German compound of 79 letters, a Finnish one of 61.
const deLong = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft';
const fiLong = 'lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas';

// Two pages (a choice with a hint; a number), in English, Arabic, German, Finnish and French.
const form = `
| survey | type | name | required | label::English (en) | label::العربية (ar) | label::Deutsch (de) | label::Suomi (fi) | label::Français (fr) | hint::English (en) | hint::العربية (ar) | hint::Deutsch (de) | hint::Suomi (fi) | hint::Français (fr) |
| | select_one yn | offers | yes | Does your organisation offer microcredentials? | هل تقدم مؤسستك شهادات مصغرة؟ | Bietet Ihre ${deLong} Microcredentials an? | Tarjoaako ${fiLong} mikrotutkintoja? | Votre organisation propose-t-elle des microcertifications ? | Choose one. | اختر إجابة واحدة. | Wählen Sie eine ${deLong}-Antwort. | Valitkaa ${fiLong}. | Choisissez une réponse. |
| | integer | staff | yes | How many people work there? | كم عدد العاملين فيها؟ | Wie viele ${deLong}beschäftigte gibt es? | Montako ${fiLong}a siellä on? | Combien de personnes y travaillent ? | | | | | |
| choices | list_name | name | label::English (en) | label::العربية (ar) | label::Deutsch (de) | label::Suomi (fi) | label::Français (fr) |
| | yn | yes | Yes | نعم | Ja, ${deLong} | Kyllä, ${fiLong} | Oui |
| | yn | no | No | لا | Nein | Ei | Non |
| settings | form_id | version | default_language | form_title::English (en) | form_title::العربية (ar) | form_title::Deutsch (de) | form_title::Suomi (fi) | form_title::Français (fr) |
| | languages_test | 1 | en | Languages test | اختبار اللغات | ${deLong}umfrage | ${fiLong}kysely | Test des langues |
`;

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-langs-'));
  const file = path.join(dir, 'languages_test.md');
  fs.writeFileSync(file, form);
  srv.cli('import', file);
  srv.cli('publish', 'languages_test');
  fs.rmSync(dir, { recursive: true, force: true });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// Opens the questionnaire in `lang` (a new server-side form version shows within a second).
async function open(page, lang) {
  for (let i = 0; i < 20; i++) {
    const res = await page.goto(`${srv.base}/s/languages_test?lang=${lang}`);
    if (res.status() === 200) return;
    await page.waitForTimeout(100);
  }
  throw new Error('the test questionnaire is not served');
}

async function next(page) {
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"], button[value="submit"]')]);
}

// Continue with nothing chosen: the error state (checked in the page when JavaScript runs, by the
// server otherwise).
async function refused(page) {
  await page.click('button[value="next"]');
  await page.waitForSelector('.error-summary', { state: 'visible' });
}

// Where things are on the first page: the first radio and its label, the page's buttons, the heading.
async function geometry(page) {
  return page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right }; };
    const radio = document.querySelector('input[type=radio]');
    const label = document.querySelector(`label[for="${radio.id}"]`);
    const buttons = [...document.querySelectorAll('.buttons button')].filter((b) => b.offsetParent !== null).map(box);
    const main = document.querySelector('main');
    const legend = document.querySelector('legend') || document.querySelector('h1');
    const range = document.createRange();
    range.selectNodeContents(legend);
    return {
      dir: document.documentElement.getAttribute('dir'),
      radio: box(radio), label: box(label), buttons, main: box(main), text: box(range),
    };
  });
}

test('Arabic reads right to left and its layout is mirrored', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  await open(page, 'en');
  const en = await geometry(page);
  await open(page, 'ar');
  const ar = await geometry(page);
  assert.equal(en.dir, null);
  assert.equal(ar.dir, 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  // English: the radio left of its label; Arabic: right of it.
  assert.ok(en.radio.right <= en.label.left + 1, `en radio ${JSON.stringify(en.radio)} label ${JSON.stringify(en.label)}`);
  assert.ok(ar.radio.left >= ar.label.right - 1, `ar radio ${JSON.stringify(ar.radio)} label ${JSON.stringify(ar.label)}`);
  // The question text starts at the start edge: left in English, right in Arabic.
  assert.ok(Math.abs(en.text.left - en.main.left) < 40, `en text ${JSON.stringify(en.text)} main ${JSON.stringify(en.main)}`);
  assert.ok(Math.abs(ar.main.right - ar.text.right) < 40, `ar text ${JSON.stringify(ar.text)} main ${JSON.stringify(ar.main)}`);
  // The buttons: the first (Continue) leads, on the left in English and on the right in Arabic.
  assert.ok(en.buttons.length >= 1 && ar.buttons.length === en.buttons.length);
  assert.ok(Math.abs(en.buttons[0].left - en.main.left) < 40, `en buttons ${JSON.stringify(en.buttons)}`);
  assert.ok(Math.abs(ar.main.right - ar.buttons[0].right) < 40, `ar buttons ${JSON.stringify(ar.buttons)}`);
  if (en.buttons.length > 1) {
    assert.ok(en.buttons[0].left < en.buttons[1].left);
    assert.ok(ar.buttons[0].left > ar.buttons[1].left);
  }
  // The second page: the progress line and the buttons (Continue, Back...) mirrored too.
  await page.check('input[type=radio][value="yes"]');
  await next(page);
  const second = await page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right }; };
    const main = document.querySelector('main');
    const progress = document.querySelector('.progress, [class*=progress]');
    const buttons = [...document.querySelectorAll('.buttons button')].filter((b) => b.offsetParent !== null).map(box);
    let progressText = null;
    if (progress) {
      const range = document.createRange();
      range.selectNodeContents(progress);
      progressText = box(range);
    }
    return { main: box(main), progressText, buttons, dir: document.documentElement.getAttribute('dir') };
  });
  assert.equal(second.dir, 'rtl');
  if (second.progressText) {
    assert.ok(Math.abs(second.main.right - second.progressText.right) < 40, `progress ${JSON.stringify(second)}`);
  }
  assert.ok(second.buttons.length >= 2, JSON.stringify(second.buttons));
  assert.ok(second.buttons[0].left > second.buttons[1].left, `buttons ${JSON.stringify(second.buttons)}`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], describeViolations('ar, second page', violations));
  // What is pushed off the start edge of a right-to-left page would scroll sideways (the skip link).
  await page.setViewportSize({ width: 320, height: 640 });
  await fits(page, 'ar second page at 320 px');
  await context.close();
});

// No sideways scroll: the document is no wider than the window.
async function fits(page, where) {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(w.scroll <= w.inner, `${where}: ${w.scroll} px wide in a ${w.inner} px window`);
}

for (const [lang, word] of [['de', deLong], ['fi', fiLong]]) {
  test(`${lang}: a ${word.length}-letter compound wraps on a 320 px phone (question, review, thank-you)`, async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await open(page, lang);
    assert.ok((await page.content()).includes(word));
    await fits(page, `${lang} question page`);
    await refused(page);
    await fits(page, `${lang} question page with an error`);
    await page.check('input[type=radio][value="yes"]');
    await next(page);
    await page.fill('input[name="staff"]', '12');
    await next(page);
    assert.ok(await page.locator('button[value="submit"]').count() === 1, 'the review page');
    await fits(page, `${lang} review, sections folded`);  // each section's one-line glance
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    assert.ok((await page.content()).includes(word));
    await fits(page, `${lang} review, sections open`);
    await next(page);
    assert.ok((await page.content()).includes(word), 'the thank-you page names the questionnaire');
    await fits(page, `${lang} thank-you page`);
    await context.close();
  });
}

test('axe-core finds nothing on the first page and its error state in en, fr, de, fi and ar', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  const found = [];
  for (const lang of ['en', 'fr', 'de', 'fi', 'ar']) {
    await open(page, lang);
    found.push(...(await axeViolations(page)).map((v) => describeViolations(`${lang} first page`, [v])));
    await refused(page);
    found.push(...(await axeViolations(page)).map((v) => describeViolations(`${lang} error state`, [v])));
  }
  await context.close();
  assert.deepEqual(found, [], found.join('\n'));
});
