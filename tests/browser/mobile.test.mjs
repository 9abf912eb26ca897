// Phones: one page of each questionnaire photographed at 360 and 1280 px wide for a person to look
// at (build/screenshots/<form>-<width>.png); at 320 px no page scrolls sideways and every control
// a finger uses is at least 24×24 CSS pixels (WCAG 2.2 target size, minimum).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, repo } from './lib/harness.mjs';
import { plans, runJourney } from './lib/journeys.mjs';

const shots = process.env.MCS_SCREENSHOTS || path.join(repo, 'build/screenshots');
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// What does not fit at this width: sideways scroll, and tap targets under 24×24. A target inside a
// sentence (an inline link) is exempt, as WCAG 2.5.8 allows; a control whose label is part of its
// target (a radio with its <label for>) counts the label's box.
async function phoneProblems(page, where) {
  return page.evaluate((where) => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`${where}: scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);
    const targets = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary');
    for (const el of targets) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.offsetParent === null) continue;
      if (el.classList.contains('skip-link')) continue;  // shown only on focus
      let r = el.getBoundingClientRect();
      if (el.tagName === 'A' && style.display === 'inline' && el.parentElement && el.parentElement.tagName === 'P' &&
          el.parentElement.textContent.trim() !== el.textContent.trim()) continue;  // a link inside a sentence
      if (el.id) {
        const label = document.querySelector(`label[for="${el.id}"]`);
        if (label && (el.type === 'radio' || el.type === 'checkbox')) {
          const l = label.getBoundingClientRect();
          r = { width: Math.max(r.width, l.width), height: Math.max(r.height, l.height) };
        }
      }
      if (r.width < 24 || r.height < 24) {
        out.push(`${where}: ${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[' + el.name + ']' : ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}" is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, where);
}

// The states a respondent on a phone meets at the end, photographed at 360 px for docs/ (copied
// there by hand from build/screenshots/): the error state, "check your answers" with its folded
// sections, and the thank-you page. The review must be far shorter than its 14,500 px of old.
test('360 px: the error state, the review and the thank-you page', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${srv.base}/s/employers`);
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  assert.match(await page.title(), /^Error:/);
  await page.screenshot({ path: path.join(shots, 'phone-360-error.png'), fullPage: true });
  let reviewHeight = 0;
  await runJourney(page, srv.base, 'employers', plans.employers[0], {
    js: true,
    onPage: async (p, where) => {
      if (where === 'review') {
        reviewHeight = await p.evaluate(() => document.documentElement.scrollHeight);
        await p.screenshot({ path: path.join(shots, 'phone-360-review.png'), fullPage: true });
        // A section opens with a tap (details/summary: no script involved) and shows its answers
        // with their "Change" links.
        const section = p.locator('details.rs').first();
        assert.equal(await section.locator('.summary dd + dd a').first().isVisible(), false);
        await section.locator('summary').click();
        assert.equal(await section.locator('.summary dd + dd a').first().isVisible(), true);
        assert.match(await section.locator('.summary dd + dd a').first().getAttribute('href'), /\?change=/);
      }
      if (where === 'confirmation') {
        await p.screenshot({ path: path.join(shots, 'phone-360-thank-you.png'), fullPage: true });
        // The thank-you page carries the questionnaire's and the study's names (never the product's),
        // says what happens next and offers a copy of one's answers.
        const title = await p.title();
        const text = await p.locator('body').innerText();
        assert.match(title, /^Thank you: your answers have been sent - .*[Ee]mployer/, title);
        assert.doesNotMatch(text + title, /mcsurvey/i);
        assert.match(text, /What happens next/);
        assert.match(text, /microcredentials in facilitating learning for employment/);
        assert.match(await p.locator('a[href$="/answers.pdf"]').getAttribute('href'), /^\/s\/employers\/r\/[a-z0-9]+\/answers\.pdf$/);
      }
    },
  });
  await context.close();
  for (const f of ['error', 'review', 'thank-you']) assert.ok(fs.statSync(path.join(shots, `phone-360-${f}.png`)).size > 5000);
  assert.ok(reviewHeight > 0 && reviewHeight < 5000, `the review is ${reviewHeight} px tall on a phone`);
});

// Two more of issue 26's rough edges as a phone shows them: the landing page's estimate is the one the
// first page's progress line gives, and "save and continue later" takes the respondent straight to
// their link and code (it used to sit some 3,000 px below the "saved" banner).
test('360 px: the time estimate kept from landing to first page; "saved" leads to the link and code', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${srv.base}/`);
  const est = (await page.locator('main').innerText()).match(/takes about (\d+) minutes/);
  assert.ok(est, 'the landing page gives no estimate');
  await page.goto(`${srv.base}/s/employers`);
  assert.match(await page.locator('p.progress').innerText(), new RegExp(`about ${est[1]} min left`));
  await page.locator('button[value="save"]').click();
  const jump = page.locator('a[href="#continue-later"]');
  await jump.waitFor();
  const aside = page.locator('#continue-later');
  const before = await aside.boundingBox();
  await jump.click();
  await page.waitForFunction(() => {
    const r = document.getElementById('continue-later').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  assert.match(await aside.innerText(), /[A-Z0-9]{5}-[A-Z0-9]{5}/);
  assert.match(await aside.locator('a[href*="/s/employers/r/"]').first().getAttribute('href'), /\/s\/employers\/r\/[a-z0-9]+/);
  assert.ok(before.y > 740, `the link and code were already in view (${before.y} px): the jump proves nothing`);
  await context.close();
});

describe('phones', { concurrency: 4 }, () => {
  for (const formId of Object.keys(plans)) {
    test(`${formId}: screenshots at 360 and 1280 px; at 320 px no sideways scroll and targets of 24×24`, async () => {
      for (const width of [360, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        await page.goto(`${srv.base}/s/${formId}`);
        await page.screenshot({ path: path.join(shots, `${formId}-${width}.png`), fullPage: true });
        await context.close();
        assert.ok(fs.statSync(path.join(shots, `${formId}-${width}.png`)).size > 5000);
      }
      const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const found = [];
      await page.goto(`${srv.base}/`);
      found.push(...await phoneProblems(page, 'landing'));
      await runJourney(page, srv.base, formId, plans[formId][0], {
        js: true,
        onPage: async (p, where) => found.push(...await phoneProblems(p, where)),
      });
      await context.close();
      assert.deepEqual(found, [], found.join('\n'));
    });
  }
});
