// The study team's console in a real browser (headless Chromium, playwright-core) against a real
// `mcsurvey serve`: sign in, upload a questionnaire with a mistake, read the problem (sheet, row,
// column), fix it, open the survey, answer it, and read the dashboard. axe-core checks every console
// page met on the way for WCAG 2.1 A and AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, axeViolations, describeViolations } from './lib/harness.mjs';

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

const form = (choiceList) => `| survey | type | name | label | required |
| | select_one country | country | Country? | yes |
| | select_one ${choiceList} | happy | Happy with it? | |
| choices | list_name | name | label |
| | country | BE | Belgium |
| | country | FR | France |
| | yn | yes | Yes |
| | yn | no | No |
| settings | form_id | form_title | version |
| | browser_form | Browser form | 1 |
`;

test('sign in, upload with a mistake, fix it, answer, read the dashboard', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-console-'));
  const bad = path.join(tmp, 'browser_form.md');
  const good = path.join(tmp, 'browser_form_fixed.md');
  fs.writeFileSync(bad, form('yesno'));
  fs.writeFileSync(good, form('yn'));
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  const check = async (where) => {
    const v = await axeViolations(page);
    if (v.length) found.push(describeViolations(where, v));
  };
  try {
    await page.goto(`${srv.base}/admin`);
    assert.match(page.url(), /\/admin\/login\?next=/);
    await check('sign-in');
    await page.fill('#name', 'admin');
    await page.fill('#password', 'wrong password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.match(await page.textContent('.error-summary'), /not right/);
    await check('sign-in error');
    await page.fill('#password', 'browser-test-password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/admin');
    await check('dashboard');

    await page.goto(`${srv.base}/admin/forms`);
    await check('forms');
    await page.setInputFiles('#file', bad);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/forms/upload"] button')]);
    const problem = await page.textContent('.error-summary');
    assert.match(problem, /Sheet survey, row 3, column type/);
    assert.match(problem, /yesno/);
    await check('upload error');
    await page.setInputFiles('#file', good);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/forms/upload"] button')]);
    assert.match(await page.textContent('.notice'), /Uploaded a new form browser_form, version 1/);
    // It lands as a draft: the owner publishes it from its page before the public can answer it.
    assert.match(await page.textContent('.notice'), /It is a draft/);
    await page.goto(`${srv.base}/admin/forms/browser_form`);
    await check('draft');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/forms/browser_form/publish"] button')]);
    assert.match(await page.textContent('.notice'), /Published version 1/);

    // A respondent, in another browser context, answers it.
    const resp = await browser.newContext();
    const rp = await resp.newPage();
    await rp.goto(`${srv.base}/s/browser_form`);
    await rp.check('input[name="country"][value="FR"]');
    await rp.check('input[name="happy"][value="yes"]');
    await Promise.all([rp.waitForNavigation(), rp.click('button[value="next"]')]);
    await Promise.all([rp.waitForNavigation(), rp.click('button[value="submit"]')]);
    assert.match(await rp.textContent('h1'), /Thank you/);
    await resp.close();

    await page.goto(`${srv.base}/admin?form=browser_form`);
    assert.equal(await page.textContent('#n-complete'), '1');
    assert.equal(await page.getAttribute('td[data-complete="1"]', 'data-partial'), '0');
    assert.ok(await page.$('svg.chart'));
    await check('dashboard with a response');
    for (const p of ['/admin/invitations/browser_form', '/admin/quality/browser_form', '/admin/exports', '/admin/tokens',
      '/admin/users', '/admin/audit', '/admin/forms/browser_form', '/admin/account', '/admin/targets/browser_form',
      '/admin/contacts', '/admin/campaigns', '/admin/mail', '/admin/mail/templates',
      '/admin/mail/templates/invitation/fr', '/admin/bounces']) {
      await page.goto(srv.base + p);
      await check(p);
    }
  } finally {
    await context.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(found, [], found.join('\n'));
});
