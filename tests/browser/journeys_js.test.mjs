// The four study questionnaires answered to the end with JavaScript on (live logic hides what does
// not apply), each through both branches of its skip logic, then the stored response read back
// through the JSON API. The first path through each questionnaire also weighs every page on the way
// (under 60 KB with its CSS and JavaScript, lib/weight.mjs) for page_weight.test.mjs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, storedResponses } from './lib/harness.mjs';
import { plans, runJourney, checkStored } from './lib/journeys.mjs';
import { LIMIT, weighPages } from './lib/weight.mjs';

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

// The journeys run side by side (each in its own browser context): most of their time is waiting.
const report = [];
describe('journeys', { concurrency: 4 }, () => {
  after(() => console.log('page weight (document + CSS + JS, gzip, with headers):\n  ' + report.join('\n  ')));
  for (const [formId, formPlans] of Object.entries(plans)) {
    formPlans.forEach((plan, i) => {
      const weigh = i === 0;
      test(`JavaScript on, ${formId}: ${plan.name}${weigh ? '; every page with its CSS and JavaScript under 60 KB transferred' : ''}`, async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const problems = [];
        page.on('pageerror', (e) => problems.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
        const weight = weigh ? weighPages(page, formId) : null;
        const { reference } = await runJourney(page, srv.base, formId, plan, { js: true, onPage: weight?.onPage });
        await context.close();
        assert.deepEqual(problems, [], 'console errors: ' + problems.join('\n'));
        const stored = (await storedResponses(srv, formId)).find((r) => r.id === reference);
        assert.ok(stored, `${plan.name}: response ${reference} is not stored`);
        checkStored(plan, stored);
        if (weight) {
          const heaviest = weight.heaviest();
          report.push(`${formId}: heaviest ${heaviest.where} ${(heaviest.bytes / 1024).toFixed(1)} KB`);
          assert.ok(heaviest.bytes < LIMIT, `${formId} ${heaviest.where}: ${heaviest.bytes} bytes`);
        }
      });
    });
  }
});
