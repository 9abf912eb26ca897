// Screenshots of the dumped pages, old markup with the old stylesheet against new markup with the new
// one, at 360 and 1280 px; counts differing pixels (tokens normalised, scripts left out: no-JS view).
import { chromium } from '../../tests/browser/node_modules/playwright-core/index.mjs';
import fs from 'node:fs';
// usage: node bench/profile/compare_pages.mjs URL_A DIR_A URL_B DIR_B [FORMDIRS] (page_bytes.py --dump DIR)
const [baseUrl, dirA, newUrl, dirB] = process.argv.slice(2, 6);
const forms = (process.argv[6] || 'employers,authorities,vet_providers,employee_orgs').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
function norm(html, url) {
  return html.replace(/<script[\s\S]*?<\/script>\n?/g, '')
    .replace(/\/r\/[a-z0-9]+/g, '/r/tokentokentoken')
    .replace(/[A-Z0-9]{5}-[A-Z0-9]{5}/g, 'ABCDE-FGHIJ')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://example.org')
    .replace('href="/static/mcsurvey.css"', `href="${url}/static/mcsurvey.css"`);
}
let total = 0, differing = 0;
for (const width of [360, 1280]) {
  const ctx = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await ctx.newPage();
  for (const f of forms) {
    for (const file of fs.readdirSync(`${dirA}/${f}`).sort()) {
      const shots = [];
      for (const [dir, url] of [[dirA, baseUrl], [dirB, newUrl]]) {
        const html = fs.readFileSync(`${dir}/${f}/${file}`, 'utf8');
        await page.setContent(norm(html, url), { waitUntil: 'load' });
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        shots.push(await page.screenshot({ fullPage: true }));
      }
      total++;
      if (Buffer.compare(shots[0], shots[1]) !== 0) {
        // Count the pixels that differ (sizes first).
        const n = await page.evaluate(async ([a, b]) => {
          const load = (s) => new Promise((r) => { const i = new Image(); i.onload = () => r(i); i.src = 'data:image/png;base64,' + s; });
          const [ia, ib] = [await load(a), await load(b)];
          if (ia.width !== ib.width || ia.height !== ib.height) return `size ${ia.width}x${ia.height} vs ${ib.width}x${ib.height}`;
          const c = document.createElement('canvas'); c.width = ia.width; c.height = ia.height;
          const g = c.getContext('2d');
          g.drawImage(ia, 0, 0); const da = g.getImageData(0, 0, c.width, c.height).data;
          g.clearRect(0, 0, c.width, c.height); g.drawImage(ib, 0, 0); const db = g.getImageData(0, 0, c.width, c.height).data;
          let d = 0; for (let k = 0; k < da.length; k += 4) if (da[k] !== db[k] || da[k + 1] !== db[k + 1] || da[k + 2] !== db[k + 2]) d++;
          return d;
        }, [shots[0].toString('base64'), shots[1].toString('base64')]);
        if (n !== 0) {
          differing++;
          console.log(`${width}px ${f}/${file}: ${n} pixels differ`);
          fs.writeFileSync(`${process.env.OUT || '/tmp'}/${width}-${f}-${file}-base.png`, shots[0]);
          fs.writeFileSync(`${process.env.OUT || '/tmp'}/${width}-${f}-${file}-new.png`, shots[1]);
        }
      }
    }
  }
  await ctx.close();
}
console.log(`${total} page views compared, ${differing} differ`);
await browser.close();
