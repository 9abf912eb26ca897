// The privacy notice acknowledged before the first question (issue 25), in headless Chromium on a
// real `mcsurvey serve`: with the form's setting on (`mcsurvey privacy set`), the first thing shown is
// the notice and its checkbox; Continue without ticking shows the error (with JavaScript through the
// enhanced post, without it through the plain form post) and no question; ticked, the first question
// follows and the response keeps when. axe-core (WCAG 2.1 A/AA) on the page and its error state (run
// with JavaScript on: axe is a script in the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, storedResponses, axeViolations, describeViolations } from './lib/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer();
  // Before any page of the form is asked for, so no node has the old setting in memory.
  srv.cli('privacy', 'set', '--form', 'employers', '--require-acknowledgement', 'on');
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function axe(page, where, found) {
  const v = await axeViolations(page);
  if (v.length) found.push(describeViolations(where, v));
}

for (const js of [true, false]) {
  test(`acknowledgement enforced with JavaScript ${js ? 'on' : 'off'}`, { timeout: 60000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    const posts = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(`${r.resourceType()}${r.headers()['x-mcs-enhanced'] ? ' enhanced' : ''}`);
    });
    const found = [];
    await page.goto(`${srv.base}/s/employers`);
    assert.equal(await page.locator('#privacy-ack').count(), 1, 'no acknowledgement checkbox');
    assert.equal(await page.locator('[name="country"]').count(), 0, 'a question before the acknowledgement');
    assert.equal(await page.locator('label[for="privacy-ack"]').innerText(), 'I have read the privacy notice');
    assert.equal(await page.locator('footer.site-footer a[href^="/privacy?lang="]').count(), 1);
    // axe runs as a script in the page: with JavaScript on (the server sends the same markup either way).
    if (js) await axe(page, 'acknowledgement page', found);

    // Continue without ticking: the error, still no question.
    await page.locator('button[value="next"]').click();
    await page.locator('#error-summary').waitFor();
    assert.match(await page.title(), /^Error:/);
    assert.equal(await page.locator('[name="country"]').count(), 0);
    assert.match(await page.locator('#privacy-ack-error').innerText(), /Tick the box/);
    if (js) await axe(page, 'acknowledgement error state', found);

    // Ticked: the first question.
    await page.locator('#privacy-ack').check();
    await page.locator('button[value="next"]').click();
    await page.locator('[name="country"]').first().waitFor();
    // (with JavaScript the address changes once the new page's scripts have run)
    await page.waitForURL(/\/s\/employers\/r\/[A-Za-z0-9]+/);
    // Enhanced posts with JavaScript; plain form posts (documents) without.
    if (js) assert.deepEqual(posts, ['fetch enhanced', 'fetch enhanced']);
    else assert.deepEqual(posts, ['document', 'document']);
    assert.deepEqual(problems, []);
    assert.deepEqual(found, [], found.join('\n'));
    await context.close();
  });
}

test('each response started keeps when the notice was acknowledged', async () => {
  const stored = await storedResponses(srv, 'employers');
  assert.equal(stored.length, 2, JSON.stringify(stored));
  for (const r of stored) {
    assert.match(r.privacy_acknowledged_at || '', /^\d{4}-\d\d-\d\dT/);
    assert.match(r.privacy_notice || '', /^sha256:[0-9a-f]{16}$/);
  }
});
