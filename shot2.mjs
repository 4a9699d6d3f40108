import { chromium } from 'playwright-core';
const [,, base, who, ...paths] = process.argv;
const [email, password] = who.split(':');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await b.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
const p = await ctx.newPage();
await p.goto(base + '/login');
await p.fill('#email', email); await p.fill('#password', password);
await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
console.log('landed', p.url());
for (const path of paths) {
  await p.goto(base + path);
  const name = '/tmp/s2-' + path.replace(/[^a-z0-9]+/gi, '_') + '.png';
  await p.screenshot({ path: name, fullPage: true });
  console.log(name, (await p.evaluate(() => document.documentElement.scrollHeight)));
}
await b.close();
