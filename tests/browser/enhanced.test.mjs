// One exchange per page with JavaScript (issue 26): each Continue is one fetch POST answered with the
// next page, put in place without loading a document; the address bar follows (back, forward and
// reload show the page their address stands for), focus goes to the new heading or to the error
// summary, the change is announced, and when the enhanced post fails the plain form post happens.
// Real `mcsurvey serve`, real headless Chromium; axe-core on every state met here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, storedResponses, axeViolations, describeViolations } from './lib/harness.mjs';
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

// Every request the page makes for documents and page posts (drafts saved while typing left out).
function watchExchanges(page) {
  const log = [];
  page.on('request', (r) => {
    const body = r.postData() || '';
    if (body.includes('_mcs_action=draft')) return;
    if (r.resourceType() === 'document' || r.resourceType() === 'fetch') {
      log.push(`${r.resourceType()} ${r.method()} ${new URL(r.url()).pathname}${r.headers()['x-mcs-enhanced'] ? ' enhanced' : ''}`);
    }
  });
  return log;
}

async function axe(page, where, found) {
  const v = await axeViolations(page);
  if (v.length) found.push(describeViolations(where, v));
}

const heading = (page) => page.locator('h1').innerText();

test('a whole questionnaire, one exchange per page: one document load, then one enhanced POST per page', async () => {
  const plan = plans.employers[0];
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const log = watchExchanges(page);
  let states = 0;
  const { reference } = await runJourney(page, srv.base, 'employers', plan, { js: true, onPage: () => { states++; } });
  await context.close();
  assert.deepEqual(problems, [], 'console errors (a CSP violation shows here): ' + problems.join('\n'));
  assert.equal(log.filter((l) => l.startsWith('document')).length, 1, 'a page was loaded as a document:\n' + log.join('\n'));
  const posts = log.filter((l) => l.startsWith('fetch POST'));
  assert.equal(posts.length, states - 1, 'not one POST per page:\n' + log.join('\n'));
  assert.ok(posts.every((l) => l.endsWith(' enhanced')), log.join('\n'));
  assert.equal(log.filter((l) => l.startsWith('fetch GET')).length, 0, log.join('\n'));
  const stored = (await storedResponses(srv, 'employers')).find((r) => r.id === reference);
  assert.ok(stored, `response ${reference} is not stored`);
  checkStored(plan, stored);
});

test('errors, focus and announcements; back, forward and reload; resume elsewhere; axe on every state', async () => {
  const plan = plans.vet_providers[0];
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  await page.goto(`${srv.base}/s/vet_providers`);
  const first = await heading(page);
  // Continue with nothing answered: the same page with its errors, focus on the error summary.
  await pressContinue(page);
  assert.match(await page.title(), /^Error:/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  assert.match(page.url(), /\/s\/vet_providers\/r\/[a-z0-9]+\?at=0\.-1$/);
  await page.waitForFunction(() => document.getElementById('mcs-announce')?.textContent === document.title);
  await axe(page, 'error state (enhanced)', found);
  // The error link still moves to its field (a #fragment: the page stays).
  await page.locator('.error-summary a').first().click();
  assert.match(await page.title(), /^Error:/);

  await fillPage(page, plan, { js: true });
  await pressContinue(page);
  const second = await heading(page);
  assert.notEqual(second, first);
  assert.doesNotMatch(await page.title(), /^Error:/);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus is not on the new heading');
  await page.waitForFunction(() => document.getElementById('mcs-announce')?.textContent === document.title);
  await axe(page, 'second page (enhanced)', found);
  await fillPage(page, plan, { js: true });
  await pressContinue(page);
  const third = await heading(page);
  const thirdUrl = page.url();
  assert.notEqual(third, second);

  // Back: the second page, from the server, with its answers; forward: the third again.
  await page.goBack();
  await page.waitForFunction((h) => document.querySelector('h1')?.innerText === h, second);
  assert.ok(page.url().endsWith('?at=1.-1') || page.url().includes('?at='), page.url());
  await axe(page, 'after back', found);
  await page.goBack();
  await page.waitForFunction((h) => document.querySelector('h1')?.innerText === h, first);
  assert.equal(await page.inputValue('#q-country'), plan.answers.country, 'the first page lost its answer');
  await page.goForward();
  await page.waitForFunction((h) => document.querySelector('h1')?.innerText === h, second);
  // Reload shows the page the address stands for.
  await page.reload();
  assert.equal(await heading(page), second);
  await page.goForward();
  await page.waitForFunction((h) => document.querySelector('h1')?.innerText === h, third);
  await page.reload();
  assert.equal(await heading(page), third);
  assert.equal(page.url(), thirdUrl);

  // The resume link on the page opens the saved position on a fresh browser.
  const link = (await page.locator('.resume__link a').getAttribute('href')) || '';
  const other = await browser.newContext();
  const again = await other.newPage();
  await again.goto(link.startsWith('http') ? link : `${srv.base}${link}`);
  assert.equal(await heading(again), third);
  await axe(again, 'resumed', found);
  await other.close();

  // On to the end with the enhanced path: the review and the thank-you page pass axe too.
  for (let i = 0; i < 40 && !(await page.locator('.panel__ref').count()); ++i) {
    const review = (await page.getAttribute('input[name="_mcs_page"]', 'value')) === 'review';
    if (review) await axe(page, 'review (enhanced)', found);
    else await fillPage(page, plan, { js: true });
    await pressContinue(page);
  }
  assert.equal(await page.locator('.panel__ref').count(), 1, 'never reached the thank-you page');
  await axe(page, 'thank-you (enhanced)', found);
  // Back from the thank-you page never reopens the questions.
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.panel__ref').length === 1);
  await context.close();
  assert.deepEqual(found, [], found.join('\n'));
});

test('when the enhanced post fails, the plain form post happens and the respondent goes on', async () => {
  const plan = plans.employers[1];
  const context = await browser.newContext();
  const page = await context.newPage();
  // The network drops every enhanced post: the script must fall back to the form post.
  await page.route('**/s/**', (route) => {
    if (route.request().headers()['x-mcs-enhanced']) return route.abort('failed');
    return route.continue();
  });
  const log = watchExchanges(page);
  await page.goto(`${srv.base}/s/employers`);
  const first = await heading(page);
  await fillPage(page, plan, { js: true });
  await Promise.all([page.waitForURL(/\/r\//), page.locator('button[value="next"]').click()]);
  await page.waitForFunction((h) => document.querySelector('h1')?.innerText !== h, first);
  assert.ok(log.some((l) => l === 'document POST /s/employers'), 'no plain form post:\n' + log.join('\n'));
  assert.doesNotMatch(await page.title(), /^Error:/);
  await context.close();
});

test('back from the second page to the first shows the first page of the same response, answers kept', async () => {
  const plan = plans.employers[1];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${srv.base}/s/employers`);
  const first = await heading(page);
  await fillPage(page, plan, { js: true });
  await pressContinue(page);
  assert.notEqual(await heading(page), first);
  const resume = page.url().split('?')[0];
  await page.goBack();
  await page.waitForFunction((h) => document.querySelector('h1')?.innerText === h, first);
  assert.equal(page.url(), `${resume}?at=0.-1`, 'the first page\'s entry does not stand for the saved response');
  assert.equal(await page.inputValue('#q-country'), plan.answers.country);
  await page.reload();
  assert.equal(await heading(page), first);
  assert.equal(await page.inputValue('#q-country'), plan.answers.country);
  await context.close();
});
