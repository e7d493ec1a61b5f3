import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage, screenshot, VIEWPORTS, watchForErrors } from './console-browser';
import {
  createTenant,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type TenantFixture,
  type WebhookReceiver,
} from '@hookline/testing';

/**
 * The console in a real browser against the real engine: a platform creates a
 * one-time portal link, its customer opens it and goes through the seed's
 * whole page — Add Endpoint, editor, Send Test Event, Message History, the
 * payload panel, regenerate secret, Delete Endpoint.
 */
describe('console in a browser', () => {
  let engine: RunningEngine;
  let admin: RegistryClient;
  let tenant: TenantFixture;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let ingestUrl: string;
  // Two "platform dashboards" on loopback: the registry lets the first embed the console, not the second.
  let allowedDashboard: Dashboard;
  let otherDashboard: Dashboard;

  beforeAll(async () => {
    allowedDashboard = await startDashboard();
    otherDashboard = await startDashboard();
    engine = await startEngine({ HOOKLINE_CONSOLE_FRAME_ANCESTORS: `'self' ${allowedDashboard.origin}` });
    admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'Console Co', 2);
    receiver = await startWebhookReceiver(() => ({ status: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } }));
    ingestUrl = `http://127.0.0.1:${engine.apps.get('ingest')?.port}`;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await engine?.stop();
    await allowedDashboard?.close();
    await otherDashboard?.close();
  }, 60_000);

  const portalLink = async (body: Record<string, unknown>, token = tenant.projectKeys[0] as string): Promise<string> => {
    const created = await admin.as(token).post<{ url: string; expiresAt: string }>('/v1/portal/sessions', body);
    expect(created.status).toBe(201);
    return created.body.url;
  };

  it('serves the console with its CSP and frame-ancestors, and no third-party origin', async () => {
    const response = await fetch(`${engine.registryUrl}/console/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`frame-ancestors 'self' ${allowedDashboard.origin}`);
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('walks the seed page from a one-time link to Delete Endpoint', async () => {
    const problems: string[] = [];
    const { context, page } = await newPage(browser, VIEWPORTS.desktop);
    watchForErrors(page, problems);
    const link = await portalLink({ projectId: tenant.projectIds[0] });
    expect(link.startsWith(`${engine.registryUrl}/console/#portal=hk_pl_`)).toBe(true);

    // The link signs in, and its token leaves the address bar; the session lives in this tab's sessionStorage only.
    await page.goto(link);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    expect(page.url()).not.toContain('hk_pl_');
    expect(page.url()).not.toContain('portal=');
    const storage = await page.evaluate(() => ({ session: Object.values(sessionStorage), local: Object.keys(localStorage).length }));
    expect(storage.local).toBe(0);
    expect(storage.session).toEqual([expect.stringMatching(/^hk_ps_/)]);
    await screenshot(page, 'list-empty');

    // Add Endpoint → the create dialog → a row marked Active.
    await page.getByRole('button', { name: 'Add Endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Webhook Endpoint' });
    await dialog.waitFor();
    await screenshot(page, 'create-dialog');
    await dialog.getByLabel('URL', { exact: true }).fill(receiver.url);
    await dialog.getByLabel('Description', { exact: true }).fill('Orders CRM');
    await dialog.getByLabel('Rate Limit (per second)').fill('50');
    await dialog.getByRole('checkbox', { name: /message\.delivered/ }).check();
    await dialog.getByRole('checkbox', { name: /form\.submitted/ }).check();
    await dialog.getByRole('button', { name: 'Create Endpoint' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('listitem', { name: 'Orders CRM' });
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByText(receiver.url).waitFor();
    await screenshot(page, 'list');

    // The editor: Send Test Event reaches the receiver and its outcome is shown.
    await row.getByRole('link', { name: 'Edit endpoint' }).click();
    await page.getByRole('heading', { name: 'Edit Endpoint' }).waitFor();
    await page.getByText('No deliveries yet — No recent delivery errors').waitFor();
    await page.getByRole('button', { name: 'Send Test Event' }).click();
    const [test] = await receiver.waitForRequests(1);
    const testMessageId = String(test?.headers['webhook-id']);
    expect(JSON.parse(test?.body ?? '{}')).toMatchObject({ id: testMessageId, project_id: tenant.projectIds[0] });
    await page.getByText(/Test event delivered \(HTTP 200/).waitFor({ timeout: 45_000 });
    await screenshot(page, 'editor');

    // View Messages: the four cards and the test message's row.
    await page.getByRole('button', { name: 'View Messages' }).click();
    await page.getByRole('heading', { name: 'Message History' }).waitFor();
    for (const card of ['Total Messages', 'Successful', 'Failed', 'Success Rate']) await page.getByRole('group', { name: card }).waitFor();
    const messageRow = page.getByRole('row').filter({ hasText: testMessageId });
    await messageRow.getByText('Success', { exact: true }).waitFor();
    await page.getByRole('group', { name: 'Total Messages' }).getByText('1', { exact: true }).waitFor();
    await screenshot(page, 'messages');

    // The payload panel: the body as sent, the response, the attempts; Escape closes it.
    await messageRow.getByRole('button', { name: 'View payload' }).click();
    const panel = page.getByRole('dialog', { name: 'Message payload' });
    await panel.getByText(`"id": "${testMessageId}"`).waitFor();
    await panel.getByText('HTTP 200', { exact: true }).waitFor();
    await panel.getByText(/Attempt 1: succeeded/).waitFor();
    await screenshot(page, 'payload');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // Regenerate secret: confirmation with the grace period; the API then signs with a new secret.
    const key = admin.as(tenant.projectKeys[0] as string);
    const endpointId = new URL(page.url()).hash.split('/')[2] as string;
    const before = await key.get<{ key: string }>(`/v1/endpoints/${endpointId}/secret`);
    await page.getByRole('link', { name: '← Edit Endpoint' }).click();
    await page.getByRole('button', { name: 'Regenerate secret' }).click();
    const rotate = page.getByRole('dialog', { name: 'Regenerate signing secret' });
    await rotate.getByText(/old secret stops working/).waitFor();
    await rotate.getByLabel('Grace period').selectOption({ label: 'Stop the old secret now' });
    await rotate.getByRole('button', { name: 'Regenerate secret' }).click();
    await page.getByText('Secret regenerated. The old secret no longer works.').waitFor();
    const after = await key.get<{ key: string }>(`/v1/endpoints/${endpointId}/secret`);
    expect(after.body.key).toMatch(/^whsec_/);
    expect(after.body.key).not.toBe(before.body.key);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await page.getByText(after.body.key).waitFor();

    // Delete Endpoint from the Danger Zone: confirmation, then the list without it.
    await page.getByRole('region', { name: 'Danger Zone' }).getByRole('button', { name: 'Delete Endpoint' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Endpoint' });
    await confirm.getByText(/cannot be undone/).waitFor();
    await screenshot(page, 'delete-dialog');
    await confirm.getByRole('button', { name: 'Delete Endpoint' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No endpoints yet. Add one to start receiving events.').waitFor();
    expect(await page.getByRole('listitem', { name: 'Orders CRM' }).count()).toBe(0);
    expect((await key.get(`/v1/endpoints/${endpointId}`)).status).toBe(404);

    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('opens a link once: a second use, in another tab, is refused with a clear notice', async () => {
    const link = await portalLink({ projectId: tenant.projectIds[0] });
    const first = await newPage(browser, VIEWPORTS.desktop);
    await first.page.goto(link);
    await first.page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    const second = await newPage(browser, VIEWPORTS.desktop);
    const problems: string[] = [];
    watchForErrors(second.page, problems);
    await second.page.goto(link);
    await second.page.getByText(/already used, has expired or was revoked/).waitFor();
    await second.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(second.page, 'sign-in');
    await first.context.close();
    await second.context.close();
    // The refused exchange is a 401 the page handles; the browser still logs the failed request itself.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  }, 60_000);

  it('renders a hostile payload as text: neither <script> nor onerror= runs', async () => {
    const key = admin.as(tenant.projectKeys[0] as string);
    const created = await key.post<{ id: string }>('/v1/endpoints', {
      url: receiver.url,
      description: '<img src=x onerror="window.__pwned=1">',
      eventTypes: ['message.received'],
    });
    expect(created.status).toBe(201);
    const hostile = {
      text: '<script>window.__pwned=2</script>',
      html: '<img src=x onerror="window.__pwned=3">',
      '<svg onload="window.__pwned=4">': 'key',
    };
    const sent = await fetch(`${ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.projectKeys[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message.received', projectId: tenant.projectIds[0], data: hostile }),
    });
    expect(sent.status).toBe(202);
    const { messageId } = (await sent.json()) as { messageId: string };

    const problems: string[] = [];
    const { context, page } = await newPage(browser, VIEWPORTS.desktop);
    watchForErrors(page, problems);
    await page.goto(await portalLink({ projectId: tenant.projectIds[0] }));
    await page.getByRole('listitem', { name: '<img src=x onerror="window.__pwned=1">' }).waitFor();
    await page.goto(`${engine.registryUrl}/console/#/endpoints/${created.body.id}/messages/${messageId}`);
    const panel = page.getByRole('dialog', { name: 'Message payload' });
    await panel.getByText('<script>window.__pwned=2</script>', { exact: false }).waitFor({ timeout: 45_000 });
    await panel.getByText('<img src=x onerror=\\"window.__pwned=3\\">', { exact: false }).waitFor();
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('is usable on a phone: 390×844 shows the list, the editor and the history without sideways scrolling of the page', async () => {
    const key = admin.as(tenant.projectKeys[1] as string);
    const created = await key.post<{ id: string }>('/v1/endpoints', {
      url: receiver.url,
      description: 'Phone support inbox',
      eventTypes: ['message.received', 'message.read'],
    });
    expect(created.status).toBe(201);
    const problems: string[] = [];
    const { context, page } = await newPage(browser, VIEWPORTS.phone);
    watchForErrors(page, problems);
    await page.goto(await portalLink({ projectId: tenant.projectIds[1] }, tenant.projectKeys[1]));
    await page.getByRole('listitem', { name: 'Phone support inbox' }).waitFor();
    await screenshot(page, 'list');
    const fits = () => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
    expect(await fits()).toBe(true);
    await page.getByRole('link', { name: 'Edit endpoint' }).click();
    await page.getByRole('button', { name: 'Save Changes' }).waitFor();
    expect(await fits()).toBe(true);
    await screenshot(page, 'editor');
    await page.getByRole('button', { name: 'View Messages' }).click();
    await page.getByRole('group', { name: 'Total Messages' }).getByText('0', { exact: true }).waitFor();
    expect(await fits()).toBe(true);
    await screenshot(page, 'messages');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('gives an account session a project switcher, and the admin token an operator view with failing endpoints first', async () => {
    const problems: string[] = [];
    const { context, page } = await newPage(browser, VIEWPORTS.desktop);
    watchForErrors(page, problems);
    // Embedding options ride in the query, before the link's fragment.
    const link = await portalLink({ accountId: tenant.accountId }, tenant.accountKey);
    await page.goto(link.replace('/console/#', '/console/?theme=dark&primary=%237c3aed#'));
    const switcher = page.getByLabel('Project');
    await switcher.waitFor();
    await switcher.selectOption(tenant.projectIds[1] as string);
    await page.getByRole('listitem', { name: 'Phone support inbox' }).waitFor();
    await page.getByRole('link', { name: 'Event Catalog' }).click();
    await page.getByRole('heading', { name: 'Event Catalog' }).waitFor();
    await page.getByText('message.delivered', { exact: true }).waitFor();
    expect(await page.evaluate("document.documentElement.dataset.theme + ' ' + getComputedStyle(document.documentElement).getPropertyValue('--primary')")).toBe(
      'dark #7c3aed',
    );
    await screenshot(page, 'catalog-dark');
    await context.close();

    const failing = await admin.post<{ id: string }>('/v1/endpoints', {
      projectId: tenant.projectIds[1],
      url: 'http://127.0.0.1:9/refused',
      description: 'Broken receiver',
      eventTypes: ['message.read'],
    });
    expect(failing.status).toBe(201);
    await admin.post(`/v1/endpoints/${failing.body.id}/test`, {});
    const operator = await newPage(browser, VIEWPORTS.desktop);
    watchForErrors(operator.page, problems);
    await operator.page.goto(`${engine.registryUrl}/console/`);
    await operator.page.getByLabel('API key').fill(engine.adminToken);
    await operator.page.getByRole('button', { name: 'Sign in' }).click();
    await operator.page.getByRole('link', { name: 'Operator' }).click();
    await operator.page.getByRole('heading', { name: 'Operator' }).waitFor();
    const firstRow = operator.page.getByRole('row').nth(1);
    for (let i = 0; i < 60 && !(await firstRow.innerText()).includes('Broken receiver'); i++) {
      await operator.page.waitForTimeout(1000);
      await operator.page.reload();
      await operator.page.getByRole('heading', { name: 'Operator' }).waitFor();
    }
    expect(await firstRow.innerText()).toContain('Failing');
    expect(await operator.page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
    await screenshot(operator.page, 'operator');
    expect(problems).toEqual([]);
    await operator.context.close();
  }, 120_000);
  it('embeds in an iframe of an allowed dashboard, signed in by the link, keyboard-operable; other sites cannot frame it', async () => {
    const problems: string[] = [];
    const { context, page } = await newPage(browser, VIEWPORTS.desktop);
    watchForErrors(page, problems);
    const link = await portalLink({ projectId: tenant.projectIds[1] }, tenant.projectKeys[1]);
    await page.goto(`${allowedDashboard.origin}/?src=${encodeURIComponent(link.replace('/console/#', '/console/?primary=%23c2410c#'))}`);
    const frame = page.frameLocator('iframe[title="Webhooks"]');
    await frame.getByRole('heading', { name: 'Webhooks' }).waitFor();
    // Keyboard only: Tab to "Add Endpoint", Enter opens the dialog with focus inside, Escape closes it and focus returns.
    const addEndpoint = frame.getByRole('button', { name: 'Add Endpoint' });
    for (let i = 0; i < 10 && !(await addEndpoint.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await addEndpoint.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = frame.getByRole('dialog', { name: 'Create Webhook Endpoint' });
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await addEndpoint.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(problems).toEqual([]);

    const blocked: string[] = [];
    const other = await newPage(browser, VIEWPORTS.desktop);
    watchForErrors(other.page, blocked);
    const refusal = other.page.waitForEvent('console', (message) => message.text().includes('frame-ancestors'));
    await other.page.goto(`${otherDashboard.origin}/?src=${encodeURIComponent(`${engine.registryUrl}/console/`)}`);
    await refusal;
    expect(await other.page.frameLocator('iframe[title="Webhooks"]').getByRole('heading').count()).toBe(0);
    await other.context.close();
    await context.close();
  }, 90_000);
});

interface Dashboard {
  readonly origin: string;
  close(): Promise<void>;
}

/** A page on its own loopback origin that frames `?src=` the way a platform's dashboard would. */
async function startDashboard(): Promise<Dashboard> {
  const server: Server = createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    const attribute = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Dashboard</title><h1>Acme dashboard</h1><iframe title="Webhooks" src="${attribute}" width="1200" height="800"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
