// The four study questionnaires answered to the end with JavaScript on (live logic hides what does
// not apply), each through both branches of its skip logic, then the stored response read back
// through the JSON API. Also: one full questionnaire with the keyboard only.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, storedResponses } from './lib/harness.mjs';
import { plans, runJourney, checkStored } from './lib/journeys.mjs';

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
describe('journeys', { concurrency: 4 }, () => {
  for (const [formId, formPlans] of Object.entries(plans)) {
    for (const plan of formPlans) {
      test(`JavaScript on, ${formId}: ${plan.name}`, async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const problems = [];
        page.on('pageerror', (e) => problems.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
        const { reference } = await runJourney(page, srv.base, formId, plan, { js: true });
        await context.close();
        assert.deepEqual(problems, [], 'console errors: ' + problems.join('\n'));
        const stored = (await storedResponses(srv, formId)).find((r) => r.id === reference);
        assert.ok(stored, `${plan.name}: response ${reference} is not stored`);
        checkStored(plan, stored);
      });
    }
  }
});
