// A respondent's journey through a questionnaire, page by page, as a person would make it: answer
// what the plan says, answer every other visible required question with its first choice, press
// Continue, and on "Check your answers" send. The plans steer each study questionnaire through its
// skip logic, once each way: `skipped` names questions that must never be shown on that path (the
// server leaves them out), `hidden` ones that only live logic can hide (on the page of the answer
// they depend on): both must be absent from the stored response.
import assert from 'node:assert/strict';

// Answers are keyed by question name, or name@N for the N-th (0-based) instance of a repeat. An array
// is a select_multiple's choices. `expect` is what the API must hold afterwards (repeats as lists).
export const plans = {
  employers: [
    {
      name: 'a company that knows microcredentials and describes one',
      answers: {
        country: 'AT', org_type: 'company', org_size: 'medium', sector: ['C', 'J'], role: 'hr_training',
        familiarity: 'very', mc_experience: 'yes', mc_count: '1',
        'mc_title@0': 'Forklift safety', 'mc_hours@0': '16',
        emp_staff: 'yes', emp_staff_areas: ['digital', 'green'],
        followup_consent: 'yes', contact_name: 'Ana Example', contact_email: 'ana@example.org',
      },
      expect: { country: 'AT', org_type: 'company', sector: ['C', 'J'], familiarity: 'very', mc_count: 1,
        mc: [{ mc_title: 'Forklift safety', mc_hours: 16 }], emp_staff_areas: ['digital', 'green'] },
      skipped: [],
      hidden: ['emp_assoc_use', 'emp_assoc_role'],
      shown: ['mc_title', 'emp_recruit'],
      personal: ['contact_name', 'contact_email'],
    },
    {
      name: 'an employers\' organisation that had not heard of them',
      answers: { country: 'BE', org_type: 'employer_org', org_size: 'small', sector: ['all'], role: 'policy',
        familiarity: 'not_at_all', emp_assoc_use: 'rarely', followup_consent: 'no' },
      expect: { org_type: 'employer_org', familiarity: 'not_at_all', emp_assoc_use: 'rarely' },
      skipped: ['mc_experience', 'mc_count', 'mc_title', 'emp_recruit', 'emp_staff'],
      shown: ['emp_assoc_use'],
    },
  ],
  vet_providers: [
    {
      name: 'a VET college that offers microcredentials and describes two',
      answers: { country: 'FI', org_type: 'vet_college', org_size: 'large', sector: ['P'], role: 'manager',
        familiarity: 'fairly', mc_experience: 'yes', mc_count: '2',
        'mc_title@0': 'Heat pump installation', 'mc_title@1': 'Solar panel maintenance', 'mc_ects@1': '3',
        prov_offer_n: '12', prov_full_qual: 'yes', prov_modular: 'yes_some', followup_consent: 'no' },
      expect: { org_type: 'vet_college', mc_count: 2, prov_offer_n: 12, prov_modular: 'yes_some',
        mc: [{ mc_title: 'Heat pump installation' }, { mc_title: 'Solar panel maintenance', mc_ects: 3 }] },
      skipped: ['prov_why_not'],
      shown: ['mc_title', 'prov_offer_n', 'prov_stack'],
    },
    {
      name: 'a MOOC platform that had not heard of them',
      answers: { country: 'other', country_other: 'Canada', org_type: 'mooc', org_size: 'micro', sector: ['P'],
        role: 'other', role_other: 'Founder', familiarity: 'not_at_all', prov_why_not: ['no_demand'],
        followup_consent: 'no' },
      expect: { country: 'other', country_other: 'Canada', role_other: 'Founder', prov_why_not: ['no_demand'] },
      skipped: ['mc_experience', 'mc_title'],
      hidden: ['prov_full_qual', 'prov_modular'],
      shown: ['prov_why_not'],
    },
  ],
  authorities: [
    {
      name: 'a ministry whose framework includes microcredentials',
      answers: { country: 'IE', org_type: 'ministry', gov_level: 'national', org_size: 'large', sector: ['O'],
        role: 'policy', familiarity: 'very', mc_experience: 'planned', mc_count: '0',
        auth_nqf: 'included', auth_nqf_how: ['partial'], auth_accredit: 'yes', auth_ila: 'yes', auth_ila_mc: 'yes_listed',
        followup_consent: 'no' },
      expect: { org_type: 'ministry', mc_count: 0, auth_nqf: 'included', auth_nqf_how: ['partial'], auth_ila_mc: 'yes_listed' },
      skipped: ['mc_title'],
      shown: ['mc_count', 'auth_nqf_how', 'auth_accredit'],
    },
    {
      name: 'a public employment service that had not heard of them',
      answers: { country: 'PL', org_type: 'pes', gov_level: 'regional', org_size: 'medium', sector: ['N'],
        role: 'manager', familiarity: 'not_at_all', auth_nqf: 'no', followup_consent: 'no' },
      expect: { org_type: 'pes', familiarity: 'not_at_all', auth_nqf: 'no' },
      skipped: ['mc_experience', 'mc_count', 'mc_title'],
      shown: ['auth_nqf'],
    },
  ],
  employee_orgs: [
    {
      name: 'a sectoral union with a collective agreement on microcredentials',
      answers: { country: 'SE', org_type: 'union_sector', org_size: 'medium', sector: ['F'], role: 'policy',
        familiarity: 'slightly', mc_experience: 'no', mc_count: '1', 'mc_title@0': 'Scaffolding basics',
        eo_ca: 'yes', eo_ca_topics: [], followup_consent: 'no' },
      expect: { org_type: 'union_sector', eo_ca: 'yes', mc: [{ mc_title: 'Scaffolding basics' }] },
      skipped: [],
      shown: ['mc_title', 'eo_ca', 'eo_ca_topics'],
    },
    {
      name: 'a works council that had not heard of them',
      answers: { country: 'DE', org_type: 'works_council', org_size: 'large', sector: ['C'], role: 'manager',
        familiarity: 'not_at_all', eo_consulted: 'no', followup_consent: 'no' },
      expect: { org_type: 'works_council', eo_consulted: 'no' },
      skipped: ['mc_experience', 'mc_title'],
      shown: ['eo_consulted'],
    },
  ],
};

// The question blocks of the current page: name, kind, whether required, conditional, visible.
export async function pageQuestions(page) {
  return page.$$eval('form#mcs-page .q', (blocks) => blocks.map((b) => {
    const input = b.querySelector('input:not([type=hidden]), select, textarea');
    const style = window.getComputedStyle(b);
    return {
      name: input ? input.name : null,
      kind: input ? (input.tagName === 'INPUT' ? input.type : input.tagName.toLowerCase()) : 'note',
      required: !!b.querySelector('.required'),
      conditional: b.classList.contains('c'),
      visible: !b.hidden && style.display !== 'none' && b.offsetParent !== null,
    };
  }).filter((q) => q.name));
}

// The page's repeat instance (from its hidden "page.instance" field), -1 outside repeats.
export async function pageInstance(page) {
  const v = await page.getAttribute('input[name="_mcs_page"]', 'value');
  if (!v || v === 'review') return -1;
  return Number(v.split('.')[1]);
}

// Presses Tab until the focused element matches `selector` (as a keyboard user moves through a page).
export async function tabTo(page, selector, limit = 400) {
  for (let i = 0; i < limit; ++i) {
    if (await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

async function focusedValue(page) {
  return page.evaluate(() => document.activeElement.value);
}

// Sets one question's answer the way a person would: with the mouse (click, type, choose), or with
// the keyboard only (Tab to the control; arrows in radio groups and lists; Space on checkboxes).
export async function answer(page, q, value, { keyboard = false } = {}) {
  const sel = `[name="${q.name}"]`;
  if (!keyboard) {
    if (q.kind === 'select') await page.selectOption(sel, String(value));
    else if (q.kind === 'radio') await page.locator(`${sel}[value="${value}"]`).check();
    else if (q.kind === 'checkbox') for (const v of value) await page.locator(`${sel}[value="${v}"]`).check();
    else await page.locator(sel).fill(String(value));
    return;
  }
  if (q.kind === 'select') {
    await tabTo(page, sel);
    for (let i = 0; i < 300 && (await focusedValue(page)) !== String(value); ++i) await page.keyboard.press('ArrowDown');
  } else if (q.kind === 'radio') {
    // Tab enters a radio group once; the arrow keys move within it, choosing as they go.
    await tabTo(page, sel);
    if ((await focusedValue(page)) === value) await page.keyboard.press('Space');
    for (let i = 0; i < 30 && (await focusedValue(page)) !== value; ++i) await page.keyboard.press('ArrowDown');
  } else if (q.kind === 'checkbox') {
    for (const v of value) {
      await tabTo(page, `${sel}[value="${v}"]`);
      await page.keyboard.press('Space');
    }
  } else {
    await tabTo(page, sel);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(String(value));
  }
  if (q.kind === 'radio') assert.equal(await page.isChecked(`${sel}[value="${value}"]`), true, `${q.name}: ${value} not chosen by keyboard`);
}

async function firstChoice(page, q) {
  if (q.kind === 'select') {
    return page.$eval(`[name="${q.name}"]`, (s) => [...s.options].find((o) => o.value).value);
  }
  if (q.kind === 'radio' || q.kind === 'checkbox') {
    const v = await page.getAttribute(`[name="${q.name}"]`, 'value');
    return q.kind === 'checkbox' ? [v] : v;
  }
  return q.kind === 'number' ? '1' : 'x';
}

// Fills the current page by the plan; returns the names it saw. With `js`, a conditional question
// is answered only once the live logic has shown it (a hidden one would be a failure of the plan).
export async function fillPage(page, plan, { js, keyboard = false, seen = new Set() } = {}) {
  const inst = await pageInstance(page);
  for (const q of await pageQuestions(page)) {
    const key = inst >= 0 && `${q.name}@${inst}` in plan.answers ? `${q.name}@${inst}` : q.name;
    let value = plan.answers[key];
    // Questions shown by live logic appear only after an earlier answer: re-read visibility now.
    const visible = js ? await page.locator(`#q-${q.name}-block`).isVisible() : true;
    if (visible) seen.add(q.name);
    if (value !== undefined) {
      assert.ok(visible, `${plan.name}: ${q.name} is hidden although the plan answers it`);
      if (Array.isArray(value) && value.length === 0) continue;
      await answer(page, q, value, { keyboard });
    } else if (q.required && visible && !(q.conditional && !js)) {
      await answer(page, q, await firstChoice(page, q), { keyboard });
    }
  }
  return seen;
}

// Continue on a question page; the send button on the review page.
export async function pressContinue(page, { keyboard = false } = {}) {
  const sel = 'button[value="next"], button[value="submit"]';
  if (keyboard) {
    await tabTo(page, sel);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  } else {
    await Promise.all([page.waitForNavigation(), page.locator(sel).first().click()]);
  }
}

export async function onReview(page) {
  return (await page.getAttribute('input[name="_mcs_page"]', 'value')) === 'review';
}

export async function onThankYou(page) {
  return (await page.locator('.panel__ref').count()) === 1;
}

// Where a journey stands, read in one round trip to the browser (not one per question asked of the
// page): on the thank-you page, on "check your answers", and the page's title.
async function journeyState(page) {
  return page.evaluate(() => ({
    thankYou: document.querySelectorAll('.panel__ref').length === 1,
    review: document.querySelector('input[name="_mcs_page"]')?.getAttribute('value') === 'review',
    title: document.title,
  }));
}

// Walks a whole questionnaire from its first page to the thank-you page. `onPage` runs on every
// state (before filling) for checks such as axe. Returns { seen, reference, resumeUrl }.
export async function runJourney(page, base, formId, plan, { js = true, keyboard = false, onPage } = {}) {
  await page.goto(`${base}/s/${formId}`);
  const seen = new Set();
  for (let step = 0; step < 40; ++step) {
    const state = await journeyState(page);
    if (state.thankYou) break;
    if (onPage) await onPage(page, state.review ? 'review' : `page ${step + 1}`);
    if (state.review) {
      await pressContinue(page, { keyboard });
      continue;
    }
    assert.doesNotMatch(state.title, /^Error:/, `${plan.name}: an error page at step ${step}`);
    await fillPage(page, plan, { js, keyboard, seen });
    await pressContinue(page, { keyboard });
    const title = await page.title();
    if (/^Error:/.test(title)) {
      const errors = await page.locator('.error-summary').innerText();
      assert.fail(`${plan.name}: the page did not pass its checks:\n${errors}`);
    }
  }
  assert.ok(await onThankYou(page), `${plan.name}: never reached the thank-you page`);
  const reference = (await page.locator('.panel__ref').innerText()).trim();
  if (onPage) await onPage(page, 'confirmation');
  for (const name of [...plan.skipped, ...(js ? plan.hidden || [] : [])]) {
    assert.ok(!seen.has(name), `${plan.name}: ${name} was shown on a path that skips it`);
  }
  for (const name of plan.shown) assert.ok(seen.has(name), `${plan.name}: ${name} was never shown`);
  return { seen, reference };
}

// The stored response matches the plan: the expected answers, nothing from skipped questions, and
// the personal contact details kept out of the answers.
export function checkStored(plan, stored) {
  assert.equal(stored.status, 'complete');
  for (const [k, v] of Object.entries(plan.expect)) {
    if (Array.isArray(v) && v.length && typeof v[0] === 'object') {
      assert.equal(stored.answers[k]?.length, v.length, `${plan.name}: ${k} instances`);
      v.forEach((inst, i) => {
        for (const [ik, iv] of Object.entries(inst)) assert.deepEqual(stored.answers[k][i][ik], iv, `${plan.name}: ${k}[${i}].${ik}`);
      });
    } else {
      assert.deepEqual(stored.answers[k], v, `${plan.name}: stored ${k}`);
    }
  }
  for (const name of [...plan.skipped, ...(plan.hidden || [])]) {
    assert.ok(stored.answers[name] === undefined || stored.answers[name] === null || stored.answers[name] === '',
      `${plan.name}: skipped ${name} was stored as ${JSON.stringify(stored.answers[name])}`);
  }
  for (const name of plan.personal || []) {
    assert.equal(stored.answers[name], undefined, `${plan.name}: personal ${name} is in the answers`);
  }
}
