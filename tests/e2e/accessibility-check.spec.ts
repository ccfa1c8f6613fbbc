// The accessibility check every e2e test leans on (expectAccessible, axe-core in the page) finds
// what it should — and again after the page changes without a navigation, as the app's routes do.
import { test, expect, expectAccessible } from './support/host';

test('expectAccessible fails on serious problems and passes once they are fixed', async ({ page }) => {
  await page.setContent('<html lang="en"><head><title>check</title></head><body><main><h1>Form</h1><button id="b"></button><img id="i" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>');
  const failure = await expectAccessible(page).then(() => null, (e: Error) => e.message);
  expect(failure).toMatch(/button-name/);
  expect(failure).toMatch(/image-alt/);
  await page.evaluate(() => {
    document.getElementById('b')!.textContent = 'Save';
    document.getElementById('i')!.setAttribute('alt', 'Logo');
  });
  await expectAccessible(page);
});
