// The ways a respondent leaves the straight path: leaving and coming back on another device with
// the short code (shown, downloadable, typed at /resume), guessing codes (limited), switching language
// mid-form without losing answers, and a whole questionnaire answered with the keyboard only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, storedResponses } from './lib/harness.mjs';
import { plans, runJourney, checkStored, fillPage, pressContinue } from './lib/journeys.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const CODE = /^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/;

test('leave mid-way, then resume on a fresh browser by typing the code; the code downloads as text', async () => {
  const plan = plans.vet_providers[0];
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${srv.base}/s/vet_providers`);
  await fillPage(page, plan, { js: true });
  await pressContinue(page);
  await fillPage(page, plan, { js: true });
  await pressContinue(page);  // two pages done: the third is where to come back to
  const heading = await page.locator('h1').innerText();
  const code = (await page.locator('.resume__code').innerText()).trim();
  assert.match(code, CODE);
  // With JavaScript the address also names the page (?at=, for back, forward and reload); the
  // resume link is the address without it.
  const link = page.url().split('?')[0];
  assert.ok(link.endsWith(code.replace('-', '').toLowerCase() + link.slice(-16)), 'the link carries the code');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/code.txt"]')]);
  const text = await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'));
  assert.ok(text.includes(code), 'the downloaded file lacks the code');
  assert.ok(text.includes(link), 'the downloaded file lacks the link');
  assert.ok(text.includes(`${srv.base}/resume`), 'the downloaded file lacks where to enter the code');
  await context.close();  // the browser goes away

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const again = await phone.newPage();
  await again.goto(`${srv.base}/`);
  await Promise.all([again.waitForNavigation(), again.click('a[href^="/resume"]')]);
  // Typed as people type: lower case, a space instead of the dash.
  await again.fill('#resume-code', code.toLowerCase().replace('-', ' '));
  await Promise.all([again.waitForNavigation(), again.click('button[type=submit]')]);
  assert.equal(await again.locator('h1').innerText(), heading, 'not back on the page where the respondent left');
  await again.goto(`${srv.base}/s/vet_providers/r/${again.url().split('/r/')[1]}`);
  assert.equal(await again.locator('.resume__code').innerText(), code);
  await phone.close();
});

test('a wrong code shows the error summary; guessing is cut off with 429', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${srv.base}/resume`);
  await page.fill('#resume-code', 'ABCDE-FGHJK');
  const [res] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(res.status(), 422);
  assert.match(await page.title(), /^Error:/);
  assert.equal(await page.locator('.error-summary a[href="#resume-code"]').count(), 1);
  // The same address keeps guessing: the limit (ten attempts, then one a minute) answers 429.
  let status = 0;
  for (let i = 0; i < 12 && status !== 429; ++i) {
    await page.fill('#resume-code', `ABCDE-FGH${'JKMNPQRSTUVWXYZ'[i]}${'JKMNPQRSTUVWXYZ'[i]}`);
    const [r] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    status = r.status();
  }
  assert.equal(status, 429);
  await context.close();
});

test('switching language mid-form keeps every answer', async () => {
  const plan = plans.employers[0];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${srv.base}/s/employers`);
  await fillPage(page, plan, { js: true });
  await Promise.all([page.waitForNavigation(), page.click('button[value="lang:fr"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.inputValue('#q-country'), 'AT');
  assert.equal(await page.isChecked('input[name="org_type"][value="company"]'), true);
  assert.equal(await page.isChecked('input[name="sector"][value="J"]'), true);
  assert.equal(await page.locator('button[value="next"]').innerText(), 'Continuer');
  await pressContinue(page);
  await Promise.all([page.waitForNavigation(), page.click('button[value="lang:de"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  // Back to the first page: the answers given in English are still there, now in German.
  await Promise.all([page.waitForNavigation(), page.click('button[value="back"]')]);
  assert.equal(await page.inputValue('#q-country'), 'AT');
  assert.equal(await page.isChecked('input[name="role"][value="hr_training"]'), true);
  await context.close();
});

test('keyboard only: employers answered from start to confirmation without the mouse', async () => {
  const plan = plans.employers[0];
  const context = await browser.newContext();
  const page = await context.newPage();
  // Every control reached by keyboard is visibly focused (the focus style is not the browser's none).
  const { reference } = await runJourney(page, srv.base, 'employers', plan, {
    js: true,
    keyboard: true,
    onPage: async (p) => {
      // After a page put in place by the enhanced post, focus is on its heading (or the error
      // summary), and Tab goes on from there; a page loaded as a document starts at the skip link.
      const focused = await p.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement.tagName));
      if (focused !== 'body') {
        assert.ok(focused === 'H1' || focused === 'DIV', `focus after a page change is on ${focused}`);
        return;
      }
      await p.keyboard.press('Tab');
      const skip = await p.evaluate(() => document.activeElement.className);
      assert.equal(skip, 'skip-link', 'the first Tab does not reach the skip link');
      const outline = await p.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none' || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
      });
      assert.ok(outline, 'the focused skip link is not visible');
    },
  });
  await context.close();
  const stored = (await storedResponses(srv, 'employers')).find((r) => r.id === reference);
  checkStored(plan, stored);
});
