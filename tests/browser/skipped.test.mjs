// Issue 19's first scenario, as a respondent meets it, with JavaScript on and off: in `employers`,
// describe a microcredential, then go back and say you had not heard of microcredentials. The
// section with mc_count no longer applies, so (as in ODK) its answers count as blank everywhere: the
// repeat is skipped, the review does not list it, and the stored response holds none of it.
// And the other way round from the review: "Change" an answer so that a question applies that did
// not, and the page holding it comes next (Back, its checks and resuming on the way), then the review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, storedResponses } from './lib/harness.mjs';
import { plans, fillPage, pressContinue, onReview, onThankYou } from './lib/journeys.mjs';

let srv;
let browser;

// A calculation inside a group that applies only when `show` is yes, read by a question on the
// page that sets `show`: the page's script must see the calculation blank while its group is hidden,
// as the server does (engine::View), or it shows a question the server then drops.
const hiddenCalcForm = `
| survey   | type          | name  | label                    | relevant        | calculation | appearance |
|          | begin_group   | p     | Page                     |                 |             | field-list |
|          | select_one yn | show  | Show the extra question? |                 |             |            |
|          | text          | extra | Extra                    | \${show} != '' and \${c} = 5 |   |            |
|          | end_group     |       |                          |                 |             |            |
|          | begin_group   | g     | G                        | \${show} = 'yes' |             |            |
|          | calculate     | c     |                          |                 | 5           |            |
|          | end_group     |       |                          |                 |             |            |
|          | text          | last  | Last                     |                 |             |            |
| choices  | list_name     | name  | label                    |
|          | yn            | yes   | Yes                      |
|          | yn            | no    | No                       |
| settings | form_id       | version |
|          | hidden_calc   | 1       |
`;

// A filter ("no" at first) whose "yes" opens a page after one it does not touch.
const changePathForm = `
| survey   | type          | name    | label             | required | relevant           |
|          | begin_group   | about   | About             |          |                    |
|          | select_one yn | offers  | Do you offer any? | yes      |                    |
|          | end_group     |         |                   |          |                    |
|          | begin_group   | size    | Size              |          |                    |
|          | integer       | staff   | Staff             | yes      |                    |
|          | end_group     |         |                   |          |                    |
|          | begin_group   | kinds   | Kinds             |          | \${offers} = 'yes' |
|          | text          | kind    | Which kinds?      | yes      |                    |
|          | end_group     |         |                   |          |                    |
|          | begin_group   | end     | End               |          |                    |
|          | text          | remarks | Remarks           |          |                    |
|          | end_group     |         |                   |          |                    |
| choices  | list_name     | name    | label             |
|          | yn            | yes     | Yes               |
|          | yn            | no      | No                |
| settings | form_id       | version |
|          | change_path   | 1       |
`;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-hidden-calc-'));
  const file = path.join(dir, 'hidden_calc.md');
  fs.writeFileSync(file, hiddenCalcForm);
  srv.cli('import', file);
  srv.cli('publish', 'hidden_calc');
  const change = path.join(dir, 'change_path.md');
  fs.writeFileSync(change, changePathForm);
  srv.cli('import', change);
  srv.cli('publish', 'change_path');
  fs.rmSync(dir, { recursive: true, force: true });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const hasQuestion = (page, name) => page.locator(`[name="${name}"]`).count().then((n) => n > 0);

async function press(page, value) {
  await Promise.all([page.waitForNavigation(), page.locator(`button[value="${value}"]`).first().click()]);
}

for (const js of [true, false]) {
  test(`a skipped section's answers no longer drive the repeat (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const plan = { ...plans.employers[0], answers: { ...plans.employers[0].answers, mc_count: '2',
      'mc_title@1': 'Welding basics' } };
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await page.goto(`${srv.base}/s/employers`);
    // Forward to the second microcredential's page.
    for (let step = 0; step < 12 && !(await hasQuestion(page, 'mc_title') && (await page.locator('h1').innerText()).includes('2')); ++step) {
      await fillPage(page, plan, { js });
      await pressContinue(page);
    }
    assert.ok(await hasQuestion(page, 'mc_title'), 'never reached the second microcredential');
    await fillPage(page, plan, { js });
    // Back to the page that asks about familiarity, and change the answer.
    for (let step = 0; step < 6 && !(await hasQuestion(page, 'familiarity')); ++step) await press(page, 'back');
    assert.ok(await hasQuestion(page, 'familiarity'), 'never got back to familiarity');
    await page.locator('[name="familiarity"][value="not_at_all"]').check();
    const notHeard = { ...plan, answers: { ...plan.answers, familiarity: 'not_at_all', emp_assoc_use: 'rarely' } };
    const seen = [];
    for (let step = 0; step < 12 && !(await onReview(page)); ++step) {
      await pressContinue(page);
      if (await onReview(page)) break;
      seen.push(...(await page.$$eval('form#mcs-page [name]', (els) => els.map((e) => e.name))));
      await fillPage(page, notHeard, { js });
    }
    assert.ok(await onReview(page), 'never reached the review');
    for (const name of ['mc_count', 'mc_title', 'mc_experience']) assert.ok(!seen.includes(name), `${name} was asked again`);
    // textContent: the review's sections are folded (details), their answers in the page all the same.
    const review = await page.locator('main').evaluate((m) => m.textContent);
    assert.doesNotMatch(review, /Forklift safety|Welding basics/, 'the review lists the skipped microcredentials');
    await pressContinue(page);
    assert.ok(await onThankYou(page), 'not sent');
    const ref = (await page.locator('.panel__ref').innerText()).trim();
    const stored = (await storedResponses(srv, 'employers')).find((r) => r.id === ref);
    assert.ok(stored, `response ${ref} not stored`);
    assert.equal(stored.status, 'complete');
    assert.equal(stored.answers.familiarity, 'not_at_all');
    for (const name of ['mc_count', 'mc', 'mc_experience']) {
      assert.equal(stored.answers[name], undefined, `${name} stored as ${JSON.stringify(stored.answers[name])}`);
    }
    await context.close();
  });
}

test('a calculation in a hidden group counts as blank in the page\'s script', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  for (let i = 0; i < 20; i++) {
    const res = await page.goto(`${srv.base}/s/hidden_calc`);
    if (res.status() === 200) break;
    await page.waitForTimeout(100);
  }
  // `extra` is on the page (its relevance reads `show`), hidden until `show` is answered.
  const hidden = () => page.evaluate(() => document.getElementById('q-extra-block').hidden);
  await page.locator('[name="show"]').first().waitFor();
  assert.equal(await hidden(), true);
  await page.locator('[name="show"][value="no"]').check();
  // The page's script has run its update (the change event) before the next evaluate.
  await page.waitForTimeout(100);
  assert.equal(await hidden(), true, 'extra shown while the calculation it reads does not apply');
  await page.locator('[name="show"][value="yes"]').check();
  await page.waitForFunction(() => !document.getElementById('q-extra-block').hidden);
  await page.locator('[name="show"][value="no"]').check();
  await page.waitForFunction(() => document.getElementById('q-extra-block').hidden);
  await context.close();
});

for (const js of [true, false]) {
  test(`"Change" on the review that opens a question: its page next, then the review (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const heading = (p) => p.locator('h1').innerText();
    for (let i = 0; i < 20; i++) {
      const res = await page.goto(`${srv.base}/s/change_path`);
      if (res.status() === 200) break;
      await page.waitForTimeout(100);
    }
    await page.locator('[name="offers"][value="no"]').check();
    await press(page, 'next');
    await page.fill('[name="staff"]', '12');
    await press(page, 'next');
    await press(page, 'next');
    assert.ok(await onReview(page), 'not on the review');
    await page.locator('details.rs').first().locator('summary').click();
    await Promise.all([page.waitForNavigation(), page.locator('a[href*="?change="][href*="offers"]').click()]);
    assert.equal(await heading(page), 'About');
    // With JavaScript the page saves what is typed (a draft) before Continue: the change is stored
    // by then, and the page it opens must come next all the same.
    const drafted = js && page.waitForResponse((r) => (r.request().postData() || '').includes('_mcs_action=draft'));
    await page.locator('[name="offers"][value="yes"]').check();
    if (drafted) await drafted;
    await press(page, 'next');
    assert.equal(await heading(page), 'Kinds', 'the page the change opened was not shown next');
    await press(page, 'back');
    assert.equal(await heading(page), 'About', 'Back did not go to the changed page');
    await press(page, 'next');
    assert.equal(await heading(page), 'Kinds');
    await press(page, 'next');
    assert.match(await page.title(), /^Error:/, 'the opened page was passed without its answer');
    // Leave here and come back on a fresh browser: this page, then the review.
    const resume = page.url().split('?')[0];
    await context.close();
    const fresh = await browser.newContext({ javaScriptEnabled: js });
    const again = await fresh.newPage();
    await again.goto(resume);
    assert.equal(await heading(again), 'Kinds', 'resuming did not land on the opened page');
    await again.fill('[name="kind"]', 'Badges');
    await press(again, 'next');
    assert.ok(await onReview(again), 'not back on the review after the opened page');
    await press(again, 'submit');
    assert.ok(await onThankYou(again), 'not sent');
    const ref = (await again.locator('.panel__ref').innerText()).trim();
    await fresh.close();
    const stored = (await storedResponses(srv, 'change_path')).find((r) => r.id === ref);
    const answers = { ...stored.answers };
    delete answers._mcs_seed;  // the choice-order seed, kept with every response
    assert.deepEqual(answers, { offers: 'yes', staff: 12, kind: 'Badges' }, 'the way back to the review was stored');
  });
}
