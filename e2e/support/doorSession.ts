// A door with the camera off (so the looping fake-camera video scans nothing), fed tickets by hand: the test decides which and when.
import { expect, type Page } from '@playwright/test';
import { demoTickets, type DemoTicket } from '../../server/demoData.ts';
import { failCamera } from './cameraProbe.ts';
import { setupLinkFor } from './setupLinks.ts';
import { ScanPage } from '../pages/ScanPage.ts';
import { SetupPage } from '../pages/SetupPage.ts';

const all = demoTickets();

/** Tonic-style demo tickets that are valid and not on the fake-camera video: no RunSignup counts are fetched for them. */
export const plainTickets: DemoTicket[] = all.filter(
  (ticket) => !ticket.cancelled && ticket.runsignupTicketId === null && !ticket.ticketId.startsWith('627e095671209038d339a182'),
);

/** Numeric demo tickets (also RunSignup tickets), beyond the video's 2148. */
export const runsignupTickets: DemoTicket[] = all.filter((ticket) => !ticket.cancelled && ticket.runsignupTicketId !== null && ticket.ticketId !== '2148');

/** Camera switched off, then set up from `link` and on the scan screen. */
export async function openDoor(page: Page, deviceName: string, link: string = setupLinkFor(deviceName)): Promise<ScanPage> {
  await failCamera(page, 'NotFoundError');
  const setup = new SetupPage(page);
  await setup.open(link);
  await setup.expectDone(deviceName);
  await setup.startScanning();
  await expect(page.getByRole('alert').filter({ hasText: 'No camera' })).toBeVisible();
  return new ScanPage(page);
}

/** Types a ticket number at "Type a reference or ticket number" and checks it in; waits for the scan's row to show. */
export async function checkInByHand(page: Page, ticketId: string): Promise<void> {
  await page.getByLabel('Type a reference or ticket number').fill(ticketId);
  await page.getByRole('button', { name: 'Check in' }).click();
}

export async function expectAdmittedLocally(scan: ScanPage, ticketId: string): Promise<void> {
  await expect(scan.recentScan({ ticket: ticketId, verdict: 'admitted' })).toHaveCount(1);
}
