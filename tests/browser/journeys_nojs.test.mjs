// The four study questionnaires answered to the end with JavaScript off: plain form posts only, the
// server applies the skip logic between pages. Each through both branches, then read back via the API.
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
      test(`JavaScript off, ${formId}: ${plan.name}`, async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        const { reference } = await runJourney(page, srv.base, formId, plan, { js: false });
        await context.close();
        const stored = (await storedResponses(srv, formId)).find((r) => r.id === reference);
        assert.ok(stored, `${plan.name}: response ${reference} is not stored`);
        checkStored(plan, stored);
      });
    }
  }
});
