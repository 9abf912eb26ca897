// The public results page (issue 23) in a real browser: absent (404) until the team publishes it,
// then the selected questions as charts and tables with no count under the threshold, no open
// answers, and no WCAG 2.1 A or AA violation (axe-core), on screen and as printed; 404 again once
// withdrawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

async function status(path) {
  const res = await fetch(srv.base + path);
  await res.arrayBuffer();
  return res.status;
}

// Twelve employers through the JSON API: organisation sizes 7, 3 and 2 (two cells under 5), every
// one "not at all familiar" (no repeat), each with an open comment that must never be published.
async function submitResponses() {
  const form = await (await fetch(`${srv.base}/api/v1/forms/employers`)).json();
  const lists = form.choices;
  const byName = {};
  const walk = (nodes) => nodes.forEach((n) => { byName[n.name] = n; walk(n.children || []); });
  walk(form.survey);
  const first = (q, i = 0) => lists[byName[q].choices][i].name;
  for (let i = 0; i < 12; ++i) {
    const answers = {
      country: 'DE',
      org_type: first('org_type'),
      org_size: first('org_size', i < 7 ? 0 : i < 10 ? 1 : 2),
      sector: [first('sector', i % 2)],
      role: first('role'),
      familiarity: 'not_at_all',
      mc_experience: 'no',
      comments: `Private remark number ${i}`,
    };
    const res = await fetch(`${srv.base}/api/v1/forms/employers/responses`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers }),
    });
    assert.equal(res.status, 201, await res.text());
  }
}

test('public results: 404 until published, then no small cell, no free text, accessible, printable', async () => {
  assert.equal(await status('/results/employers'), 404);
  assert.equal(await status('/results'), 404);
  await submitResponses();
  assert.equal(await status('/results/employers'), 404, 'responses alone do not publish anything');
  // A threshold under the study's 5 is refused.
  assert.throws(() => srv.cli('results', '--form', 'employers', '--min-cell', '3', '--publish'));
  srv.cli('results', '--form', 'employers', '--questions', 'org_size,sector', '--publish');
  assert.equal(await status('/results'), 200);

  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(`${srv.base}/results/employers`);
  assert.equal(res.status(), 200);
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /Private remark/, 'an open answer is on the public page');
  assert.equal(await page.locator('.results__question').count(), 2);
  // Every count shown is 0 or at least 5; the hidden ones are marked "hidden" (not "<5": a count
  // hidden so that the total does not give a small one away may be 5 or more).
  const counts = await page.locator('.results td.num:nth-child(2)').allInnerTexts();
  assert.ok(counts.length >= 4, counts.join(','));
  for (const c of counts) {
    if (c === 'hidden') continue;
    const n = Number(c);
    assert.ok(Number.isInteger(n) && (n === 0 || n >= 5), `a count of ${c} is shown`);
  }
  assert.ok(counts.includes('hidden'), 'the sizes with 3 and 2 respondents are not suppressed');
  assert.ok(!counts.some((c) => c.startsWith('<')), 'a hidden count is marked as under the threshold');
  const found = [];
  let v = await axeViolations(page);
  if (v.length) found.push(describeViolations('results', v));
  await page.emulateMedia({ media: 'print' });
  v = await axeViolations(page);
  if (v.length) found.push(describeViolations('results (print)', v));
  assert.deepEqual(found, [], found.join('\n'));
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-', 'the page does not print');
  // In the form's other languages and in one it lacks (the page's words in Greek, the labels in
  // English), and the study-wide list: each accessible, its <html lang> the language asked for.
  await page.emulateMedia({ media: 'screen' });
  for (const [path, lang, words] of [['/results/employers?lang=de', 'de', 'Befragte nach Antwort'],
    ['/results/employers?lang=el', 'el', 'Ερωτηθέντες ανά απάντηση'], ['/results?lang=fr', 'fr', 'Résultats publiés']]) {
    const r = await page.goto(`${srv.base}${path}`);
    assert.equal(r.status(), 200, path);
    assert.equal(await page.getAttribute('html', 'lang'), lang, path);
    assert.match(await page.locator('main').innerText(), new RegExp(words), path);
    // Each chart's accessible name, as Chromium computes it, is in the page's language too.
    const chartName = { de: /^.+ \(Diagramm; die Zahlen stehen in der Tabelle darunter\)$/,
      el: /^.+ \(διάγραμμα· οι αριθμοί βρίσκονται στον πίνακα παρακάτω\)$/ }[lang];
    if (chartName) {
      const charts = page.getByRole('img', { name: chartName });
      assert.equal(await charts.count(), 2, `${path}: the charts' names are not in ${lang}`);
      assert.equal(await page.getByRole('img', { name: /the table below/ }).count(), 0, path);
    }
    v = await axeViolations(page);
    if (v.length) found.push(describeViolations(path, v));
  }
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();

  srv.cli('results', '--form', 'employers', '--unpublish');
  assert.equal(await status('/results/employers'), 404);
  assert.equal(await status('/results'), 404);
});

test('the console pages that print and publish: accessible, and publishing from them works', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const found = [];
  const check = async (where) => {
    const v = await axeViolations(page);
    if (v.length) found.push(describeViolations(where, v));
  };
  await page.goto(`${srv.base}/admin`);
  await page.fill('#name', 'admin');
  await page.fill('#password', 'browser-test-password');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.goto(`${srv.base}/admin/forms`);
  await Promise.all([page.waitForNavigation(), page.click('a[href="/admin/forms/employers/print"]')]);
  assert.equal(await page.locator('a[href="/admin/forms/employers/print.pdf?lang=fr"]').count(), 1);
  await check('print');
  await page.goto(`${srv.base}/admin/forms`);
  await Promise.all([page.waitForNavigation(), page.click('a[href="/admin/forms/employers/results"]')]);
  await check('public results settings');
  await page.check('input[name="questions"][value="org_size"]');
  await Promise.all([page.waitForNavigation(), page.click('button[value="publish"]')]);
  assert.match(await page.textContent('main'), /Published/);
  await check('public results published');
  assert.equal(await status('/results/employers'), 200);
  await Promise.all([page.waitForNavigation(), page.click('button[value="save"]')]);
  assert.equal(await status('/results/employers'), 404);
  await context.close();
  assert.deepEqual(found, [], found.join('\n'));
});
