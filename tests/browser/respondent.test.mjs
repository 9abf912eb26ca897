// Respondents in a real browser (Debian's Chromium, headless, driven by playwright-core) against a
// real `mcsurvey serve`: live logic with JavaScript on, drafts saved while typing so that closing the
// tab loses nothing, and the no-JavaScript path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const binary = process.env.MCS_BINARY || path.join(repo, 'build/mcsurvey');

let server;
let base;
let browser;
let tmp;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-browser-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--db', `sqlite:${tmp}/b.db`, '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, MCSURVEY_ADMIN_PASSWORD: 'browser-test-password' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mcsurvey did not start')), 20000);
    server.stdout.on('data', (d) => {
      if (String(d).includes('serving at')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const { chromium } = require('playwright-core');
  browser = await chromium.launch({
    executablePath: process.env.MCS_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('with JavaScript the "please specify" box appears only for Other, and the page has no console errors', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${base}/s/employers`);
  const other = page.locator('#q-org_type_other-block');
  assert.equal(await other.isVisible(), false, 'the specify box shows before Other is chosen');
  await page.check('#q-org_type-0');
  assert.equal(await other.isVisible(), false);
  const lastChoice = page.locator('input[name="org_type"]').last();
  await lastChoice.check();
  assert.equal(await lastChoice.getAttribute('value'), 'other');
  assert.equal(await other.isVisible(), true, 'the specify box does not appear after Other');
  assert.deepEqual(problems, [], 'console errors (CSP or script): ' + problems.join('\n'));
  await context.close();
});

test('a draft is saved while typing: the tab is closed and the answers are there in another browser', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/s/employers`);
  await page.selectOption('#q-country', 'AT');
  await page.check('#q-org_type-0');
  // Wait for the background save; the address becomes the resume link (with the page it stands
  // for, ?at=, as every address of the enhanced path: back, forward and reload show that page).
  await page.waitForURL(/\/s\/employers\/r\/[a-z0-9]+\?at=0\.-1$/, { timeout: 10000 });
  const resume = page.url();
  await context.close();  // no Continue pressed, the tab simply goes away
  const other = await browser.newContext();
  const again = await other.newPage();
  await again.goto(resume);
  assert.equal(await again.inputValue('#q-country'), 'AT', 'the country chosen before closing is lost');
  assert.equal(await again.isChecked('#q-org_type-0'), true, 'the organisation type chosen before closing is lost');
  await other.close();
});

test('without JavaScript the page still works: a failed required check shows the error summary', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/s/employers`);
  // The specify box is there with its "answer only if" note, since nothing can hide it.
  assert.equal(await page.locator('#q-org_type_other-block .condition').isVisible(), true);
  await page.click('button[value="next"]');
  assert.match(await page.title(), /^Error:/);
  const summary = page.locator('.error-summary a');
  assert.ok(await summary.count() >= 3, 'the error summary lists the required questions');
  // GOV.UK error summary: each link's text is the field's own error message, and it leads to the field.
  const first = summary.first();
  const target = (await first.getAttribute('href')).slice(1);
  const field = page.locator(`#${target}`);
  assert.equal(await field.count(), 1);
  const inline = await page.locator('.error-message').first().innerText();
  assert.equal(inline.replace(/^Error:\s*/, '').trim(), (await first.innerText()).trim());
  assert.equal(await page.locator('.error-summary__list').evaluate((el) => getComputedStyle(el).listStyleType), 'none');
  assert.equal((await page.locator('#q-org_type_other-block .condition').innerText()).trim(),
               'Answer only if you chose \u201cOther (please specify)\u201d above.');
  await context.close();
});
