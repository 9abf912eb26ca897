// Accessibility: axe-core (from node_modules) finds no WCAG 2.1 A or AA violation on any state a
// respondent meets: the landing page, every page of each study questionnaire on its way to the end,
// the error state with its summary, "check your answers", the confirmation, and the resume page;
// and each of them links the privacy notice.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axeViolations, describeViolations } from './lib/harness.mjs';
import { plans, runJourney } from './lib/journeys.mjs';

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

// Polls `url` until it answers `status` (the change is seen within about a second), instead of a
// fixed wait of the longest time it can take.
async function untilStatus(url, status) {
  for (let i = 0; i < 50; ++i) {
    const res = await fetch(url, { redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${url} never answered ${status}`);
}

async function check(page, where, found) {
  const v = await axeViolations(page);
  if (v.length) found.push(describeViolations(where, v));
  // Issue 25: every state a respondent meets links the privacy notice from its footer.
  const notice = await page.locator('footer.site-footer a[href^="/privacy?lang="]').count();
  if (notice !== 1) found.push(`${where}: ${notice} privacy notice links in the footer, not 1`);
}

test('the landing page, in English and in another language', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  await page.goto(`${srv.base}/`);
  await check(page, 'landing', found);
  await page.goto(`${srv.base}/?lang=fr`);
  await check(page, 'landing (fr)', found);
  assert.deepEqual(found, []);
  // The checker itself works on these pages: an unlabelled field and grey-on-white text are caught.
  await page.evaluate(() => {
    const i = document.createElement('input');
    const p = document.createElement('p');
    p.textContent = 'faint';
    p.style.color = '#ddd';
    document.querySelector('main').append(i, p);
  });
  const ids = (await axeViolations(page)).map((v) => v.id).sort();
  assert.deepEqual(ids, ['color-contrast', 'label']);
  await context.close();
});

describe('questionnaires', { concurrency: 4 }, () => {
  for (const formId of Object.keys(plans)) {
    test(`${formId}: every page, the error state, review, confirmation and resume`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const found = [];
      // The error state: Continue on the first page with nothing answered.
      await page.goto(`${srv.base}/s/${formId}`);
      await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
      assert.match(await page.title(), /^Error:/);
      await check(page, 'error state', found);
      // The resume page: the saved response opened from its link in a fresh browser.
      const resume = page.url();
      const other = await browser.newContext();
      const again = await other.newPage();
      await again.goto(resume);
      await check(again, 'resume', found);
      await other.close();
      await runJourney(page, srv.base, formId, plans[formId][0], {
        js: true,
        onPage: (p, where) => check(p, where, found),
      });
      await context.close();
      assert.deepEqual(found, [], found.join('\n'));
    });
  }
});

test('"continue your answers": the code entry page and its error state', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  await page.goto(`${srv.base}/resume`);
  await check(page, 'resume entry', found);
  await page.fill('#resume-code', 'nonsense');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(await page.title(), /^Error:/);
  await check(page, 'resume entry, wrong code', found);
  await context.close();
  assert.deepEqual(found, [], found.join('\n'));
});

test('a closed questionnaire: its page and the landing page saying so', async () => {
  srv.cli('window', 'employers', '--paused', 'yes');
  // A running server reads windows at most a second old (src/web/app.h): wait for the change.
  await untilStatus(`${srv.base}/s/employers`, 403);
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  const res = await page.goto(`${srv.base}/s/employers`);
  assert.equal(res.status(), 403);
  await check(page, 'closed', found);
  await page.goto(`${srv.base}/`);
  assert.equal(await page.locator('.group .status').count(), 1, 'the landing page does not show the closed questionnaire');
  await check(page, 'landing with a closed questionnaire', found);
  await context.close();
  srv.cli('window', 'employers', '--paused', 'no');
  await untilStatus(`${srv.base}/s/employers`, 200);
  assert.deepEqual(found, [], found.join('\n'));
});
