// Entry of `npm run audit`: installability (Chromium's own check over CDP), Lighthouse on the scan screen (median of
// runs), axe on every screen; writes bench/results/audit.{json,md} and exits non-zero when a quality bar is missed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from '../e2e/support/chromium.ts';
import { SCREENS } from '../src/app/routes.ts';
import { startScanning } from './appDevice.ts';
import { assertChromium } from './browser.ts';
import { buildApp } from './build.ts';
import { writeEmptyVideo } from './cameraVideos.ts';
import { startDemoServer, type DemoServer } from './demoServer.ts';
import { count, machineDescription, median, type BenchResultFile, type Figures } from './figures.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));
const LIGHTHOUSE_RUNS = Number(process.env.AUDIT_LIGHTHOUSE_RUNS ?? 3);
/** The bars. Lighthouse scores are 0–100. */
export const AUDIT_BARS = { lighthouse_accessibility: 95, lighthouse_best_practices: 95, lighthouse_performance: 90 } as const;
const SCREEN_READY_MS = 30_000;

interface AxeFinding {
  screen: string;
  rule: string;
  impact: string;
  nodes: number;
  help: string;
  /** The first offending element's selector, to find it. */
  target: string;
}

/** A persistent profile, so Lighthouse's own tab (opened over the DevTools port) shares the set-up device's storage. */
async function launchDevice(): Promise<{ context: BrowserContext; devtoolsPort: number; profile: string }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'doorlist-audit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    permissions: ['camera'],
    viewport: { width: 412, height: 860 },
    args: [...CHROMIUM_ARGS, ...fakeCameraArgs(writeEmptyVideo().path), '--remote-debugging-port=0'],
  });
  // With port 0 Chromium picks a free port and writes it to DevToolsActivePort in the profile.
  const devtoolsPort = Number(readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
  return { context, devtoolsPort, profile };
}

/** A few check-ins typed at the desk, so Activity, Counts and Find a guest have something to show. */
async function scanSome(page: Page, server: DemoServer): Promise<void> {
  const { demoTickets } = await import('../server/demoData.ts');
  for (const ticket of demoTickets().filter((candidate) => !candidate.cancelled).slice(0, 3)) {
    await page.getByLabel('Type a reference or ticket number').fill(ticket.ticketId);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByTestId('verdict').waitFor({ timeout: SCREEN_READY_MS });
  }
  void server;
}

async function axeScreen(page: Page, screen: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      rule: violation.id,
      impact: violation.impact ?? '',
      nodes: violation.nodes.length,
      help: violation.help,
      target: String(violation.nodes[0]?.target.join(' ') ?? ''),
    }));
}

async function main(): Promise<number> {
  assertChromium();
  console.log('Building the app (bench/.dist/app)…');
  await buildApp();
  const server = await startDemoServer();
  const { context, devtoolsPort, profile } = await launchDevice();
  const findings: AxeFinding[] = [];
  const scores: Record<'performance' | 'accessibility' | 'best-practices', number[]> = { performance: [], accessibility: [], 'best-practices': [] };
  let installabilityErrors: string[] = [];
  try {
    // The "not set up" screen first, on the fresh profile.
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.origin}/`);
    await page.getByTestId('not-set-up').waitFor({ timeout: SCREEN_READY_MS });
    findings.push(...(await axeScreen(page, 'not set up')));

    await startScanning(page, server.origin, 'Audit door');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cdp = await context.newCDPSession(page);
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    installabilityErrors = installability.installabilityErrors.map((error) => error.errorId);
    await cdp.detach();

    findings.push(...(await axeScreen(page, 'scan')));
    await scanSome(page, server);
    findings.push(...(await axeScreen(page, 'scan, verdict on screen')));
    await page.getByRole('button', { name: 'Menu' }).click();
    findings.push(...(await axeScreen(page, 'menu')));
    for (const screen of SCREENS.filter((entry) => entry.path !== '/')) {
      await page.goto(`${server.origin}${screen.path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: SCREEN_READY_MS });
      findings.push(...(await axeScreen(page, screen.label)));
    }
    await page.goto(`${server.origin}/setup#config=not-a-setup`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: SCREEN_READY_MS });
    findings.push(...(await axeScreen(page, 'setup link refused')));
    await page.goto(`${server.origin}/`);

    for (let run = 1; run <= LIGHTHOUSE_RUNS; run += 1) {
      const result = await lighthouse(`${server.origin}/`, {
        port: devtoolsPort,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        disableStorageReset: true, // keep the set-up device: the scan screen is what is measured, not "not set up"
      });
      if (!result) throw new Error('Lighthouse returned no result');
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const key of Object.keys(scores) as Array<keyof typeof scores>) scores[key].push(Math.round((lhr.categories[key]?.score ?? 0) * 100));
      console.log(`  Lighthouse run ${run}: performance ${scores.performance.at(-1)}, accessibility ${scores.accessibility.at(-1)}, best practices ${scores['best-practices'].at(-1)}`);
      if (run === LIGHTHOUSE_RUNS) {
        const weak = Object.values(lhr.audits).filter((audit) => audit.score !== null && audit.score < 0.9 && !['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode));
        for (const audit of weak) console.log(`    ${audit.id}: ${audit.score} ${audit.displayValue ?? ''}`);
      }
    }
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }

  const figures: Figures = {
    installability_errors: count(installabilityErrors.length),
    lighthouse_accessibility: { value: median(scores.accessibility), unit: 'score' },
    lighthouse_best_practices: { value: median(scores['best-practices']), unit: 'score' },
    lighthouse_performance: { value: median(scores.performance), unit: 'score' },
    axe_serious_or_critical: count(findings.length),
  };
  const file: BenchResultFile = { name: 'audit', machine: machineDescription(), date: new Date().toISOString(), figures };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'audit.json'), `${JSON.stringify(file, null, 2)}\n`);
  const lines = [
    '# Audit',
    '',
    `${file.date} · ${file.machine} · Lighthouse ${LIGHTHOUSE_RUNS} runs on the scan screen (mobile, simulated throttling), median.`,
    '',
    '| figure | value | bar |',
    '| --- | ---: | --- |',
    `| installability_errors | ${installabilityErrors.length} | 0 |`,
    `| lighthouse_accessibility | ${figures.lighthouse_accessibility!.value} (runs ${scores.accessibility.join(', ')}) | ≥ ${AUDIT_BARS.lighthouse_accessibility} |`,
    `| lighthouse_best_practices | ${figures.lighthouse_best_practices!.value} (runs ${scores['best-practices'].join(', ')}) | ≥ ${AUDIT_BARS.lighthouse_best_practices} |`,
    `| lighthouse_performance | ${figures.lighthouse_performance!.value} (runs ${scores.performance.join(', ')}) | ≥ ${AUDIT_BARS.lighthouse_performance} |`,
    `| axe_serious_or_critical | ${findings.length} | 0 |`,
    '',
    ...(installabilityErrors.length > 0 ? ['Installability errors: ' + installabilityErrors.join(', '), ''] : []),
    ...(findings.length > 0 ? ['axe findings:', '', ...findings.map((finding) => `- ${finding.screen}: ${finding.rule} (${finding.impact}, ${finding.nodes} nodes, first \`${finding.target}\`): ${finding.help}`), ''] : []),
  ];
  writeFileSync(path.join(RESULTS_DIR, 'audit.md'), lines.join('\n'));
  console.log(`\n${lines.slice(4).join('\n')}\nWritten to bench/results/audit.{json,md}`);

  const missed = [
    installabilityErrors.length > 0 && 'installability',
    figures.lighthouse_accessibility!.value < AUDIT_BARS.lighthouse_accessibility && 'accessibility',
    figures.lighthouse_best_practices!.value < AUDIT_BARS.lighthouse_best_practices && 'best practices',
    figures.lighthouse_performance!.value < AUDIT_BARS.lighthouse_performance && 'performance',
    findings.length > 0 && 'axe',
  ].filter(Boolean);
  if (missed.length > 0) console.error(`Bars missed: ${missed.join(', ')}`);
  return missed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
